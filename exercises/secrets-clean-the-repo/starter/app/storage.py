"""Receipts in S3."""

import boto3

from app import config

_s3 = boto3.client(
    "s3",
    region_name=config.AWS_REGION,
    aws_access_key_id=config.AWS_ACCESS_KEY_ID,
    aws_secret_access_key=config.AWS_SECRET_ACCESS_KEY,
)


def put_receipt(order_id: int, text: str) -> None:
    _s3.put_object(Bucket=config.RECEIPTS_BUCKET, Key=f"receipts/{order_id}.txt", Body=text.encode())
