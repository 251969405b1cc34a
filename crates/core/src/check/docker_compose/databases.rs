//! What the checker knows about the database images it recognises (Postgres, MySQL,
//! MariaDB, MongoDB, Redis, Valkey): display names, default ports, where they keep their
//! data, and a healthcheck to suggest.

use super::service::image_tag;

pub(super) const DATABASES: [&str; 7] = [
    "postgres", "postgis", "mysql", "mariadb", "mongo", "redis", "valkey",
];

pub(super) fn display_db(db: &str) -> &'static str {
    match db {
        "postgres" | "postgis" => "Postgres",
        "mysql" => "MySQL",
        "mariadb" => "MariaDB",
        "mongo" => "MongoDB",
        "redis" => "Redis",
        _ => "the database",
    }
}

/// The Postgres major version of an image tag (`18`, `17.6-alpine`); `None` for
/// `latest`, no tag, or a tag without a leading number.
pub(super) fn postgres_major(image: &str) -> Option<u32> {
    let tag = image_tag(image)?;
    let digits: String = tag.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

pub(super) fn healthcheck_example(db: Option<&str>) -> &'static str {
    match db {
        Some("postgres" | "postgis") => {
            ", e.g. `test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER} -d $${POSTGRES_DB}\"]` with `interval: 5s` and `retries: 10`"
        }
        Some("mysql" | "mariadb") => {
            ", e.g. `test: [\"CMD\", \"healthcheck.sh\", \"--connect\"]` (MariaDB) or `mysqladmin ping`"
        }
        Some("redis" | "valkey") => ", e.g. `test: [\"CMD\", \"redis-cli\", \"ping\"]`",
        Some("mongo") => {
            ", e.g. `test: [\"CMD\", \"mongosh\", \"--quiet\", \"--eval\", \"db.adminCommand('ping')\"]`"
        }
        _ => "",
    }
}

/// Where a database image keeps its data.
pub(super) fn data_dir(db: &str, image: &str) -> &'static str {
    match db {
        "postgres" | "postgis" if postgres_major(image).is_some_and(|v| v < 18) => {
            "/var/lib/postgresql/data"
        }
        "postgres" | "postgis" => "/var/lib/postgresql",
        "mysql" | "mariadb" => "/var/lib/mysql",
        "mongo" => "/data/db",
        _ => "/data",
    }
}

pub(super) fn default_port(db: &str) -> u16 {
    match db {
        "mysql" | "mariadb" => 3306,
        "mongo" => 27017,
        "redis" | "valkey" => 6379,
        _ => 5432,
    }
}
