"""Receipts in S3."""

import boto3

from app import config

# No keys here: boto3 finds credentials on its own (environment variables, your
# ~/.aws profile, or the IAM role of the machine or task it runs on).
_s3 = boto3.client("s3", region_name=config.AWS_REGION)


def put_receipt(order_id: int, text: str) -> None:
    _s3.put_object(Bucket=config.RECEIPTS_BUCKET, Key=f"receipts/{order_id}.txt", Body=text.encode())
