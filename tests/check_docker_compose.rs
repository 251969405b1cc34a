//! The `docker-compose` checker: every general rule and requirement, triggered and not,
//! with the line it points at; the exercise's starter fails and its solution passes.

mod common;

use common::lines;

use std::collections::BTreeMap;

use devops_tutor::check::docker_compose::{Requirements, check};
use devops_tutor::check::{
    Diagnostic, Kind, Requirements as AnyRequirements, Severity, SourceFile,
};

fn run(text: &str, req: &Requirements) -> Vec<Diagnostic> {
    check(
        &[SourceFile {
            path: "compose.yaml".into(),
            text: text.into(),
        }],
        req,
    )
}

fn general(text: &str) -> Vec<Diagnostic> {
    run(text, &Requirements::default())
}

fn severity(diags: &[Diagnostic], rule: &str) -> Severity {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.severity)
        .expect("rule fired")
}

const NONE: Vec<usize> = Vec::new();

/// A compose file that trips no general rule, to build variations on.
const CLEAN: &str = "\
services:
  api:
    build: .
    ports:
      - \"8000:8000\"
    env_file: .env
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:18
    env_file: .env
    volumes:
      - db-data:/var/lib/postgresql
    healthcheck:
      test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER}\"]
      interval: 5s
volumes:
  db-data:
";

#[test]
fn clean_file_has_no_diagnostics() {
    assert_eq!(general(CLEAN), vec![]);
}

// --- syntax and structure ---------------------------------------------------------------

#[test]
fn yaml_error_has_line_and_column() {
    let d = general("services:\n  api:\n    image: x\n   ports: []\n");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].rule, "docker-compose/syntax");
    assert_eq!(d[0].severity, Severity::Error);
    assert_eq!(d[0].line, 4);
    assert!(d[0].column > 0);
    assert!(!d[0].message.contains("at line"), "{}", d[0].message);
}

#[test]
fn tabs_duplicates_and_unclosed_brackets_are_explained() {
    let d = general("services:\n\tapi:\n");
    assert_eq!(lines(&d, "docker-compose/syntax"), vec![2]);
    assert!(d[0].message.contains("tab"), "{}", d[0].message);
    let d = general("services:\n  api:\n    image: a:1\n    image: b:1\n");
    assert_eq!(lines(&d, "docker-compose/syntax"), vec![4]);
    assert!(d[0].message.contains("twice"), "{}", d[0].message);
    assert!(
        !d[0].message.contains("DuplicateKeyPolicy"),
        "{}",
        d[0].message
    );
    let d = general("services: {api: {image: [a\n");
    assert_eq!(lines(&d, "docker-compose/syntax").len(), 1);
}

#[test]
fn wrong_shapes_are_structure_errors() {
    for (text, line) in [
        ("", 0),
        ("# nothing\n", 0),
        ("- a\n- b\n", 1),
        ("volumes: {}\n", 0),
        ("services: [a]\n", 1),
        ("services: 3\n", 1),
        ("services:\n  api: [x]\n", 2),
        ("services:\n  api:\n", 2),
        ("services:\n  api:\n    image: a:1\n    environment: 3\n", 4),
        ("services:\n  api:\n    image: a:1\n    depends_on: db\n", 4),
        (
            "services:\n  db:\n    image: postgres:18\n    volumes: data\n",
            4,
        ),
    ] {
        let d = general(text);
        assert_eq!(
            lines(&d, "docker-compose/structure"),
            vec![line],
            "{text:?}: {d:#?}"
        );
        assert_eq!(severity(&d, "docker-compose/structure"), Severity::Error);
    }
}

#[test]
fn service_without_image_or_build_is_an_error() {
    let d = general("services:\n  api:\n    ports: [\"8000:8000\"]\n");
    assert_eq!(lines(&d, "docker-compose/no-image"), vec![2]);
    assert_eq!(lines(&general(CLEAN), "docker-compose/no-image"), NONE);
}

// --- general rules ----------------------------------------------------------------------

#[test]
fn version_key_is_obsolete() {
    let d = general(&format!("version: \"3.8\"\n{CLEAN}"));
    assert_eq!(lines(&d, "docker-compose/obsolete-version"), vec![1]);
    assert_eq!(
        severity(&d, "docker-compose/obsolete-version"),
        Severity::Warning
    );
}

#[test]
fn latest_or_untagged_image_is_flagged() {
    let d = general(&CLEAN.replace("postgres:18", "postgres:latest"));
    assert_eq!(lines(&d, "docker-compose/latest-tag"), vec![11]);
    assert_eq!(severity(&d, "docker-compose/latest-tag"), Severity::Warning);
    let d = general(&CLEAN.replace("postgres:18", "postgres"));
    assert_eq!(lines(&d, "docker-compose/latest-tag"), vec![11]);
}

#[test]
fn pinned_built_or_interpolated_images_are_fine() {
    for image in [
        "postgres:18",
        "postgres@sha256:abc",
        "${DB_IMAGE}",
        "localhost:5000/postgres:18",
    ] {
        let d = general(&CLEAN.replace("postgres:18", image));
        assert_eq!(lines(&d, "docker-compose/latest-tag"), NONE, "{image}");
    }
    // `image:` next to `build:` names the image Compose builds.
    let built = CLEAN.replace("    build: .\n", "    build: .\n    image: orders-api\n");
    assert_eq!(lines(&general(&built), "docker-compose/latest-tag"), NONE);
}

#[test]
fn images_pinned_requirement_makes_it_an_error() {
    let req = Requirements {
        images_pinned: true,
        ..Default::default()
    };
    let d = run(&CLEAN.replace("postgres:18", "postgres:latest"), &req);
    assert_eq!(lines(&d, "docker-compose/require-pinned-images"), vec![11]);
    assert_eq!(
        severity(&d, "docker-compose/require-pinned-images"),
        Severity::Error
    );
    assert_eq!(lines(&d, "docker-compose/latest-tag"), NONE);
    assert_eq!(run(CLEAN, &req), vec![]);
}

#[test]
fn inline_secrets_are_errors() {
    let map = CLEAN.replace("    env_file: .env\n    volumes:", "    environment:\n      POSTGRES_USER: orders\n      POSTGRES_PASSWORD: hunter2\n    volumes:");
    let d = general(&map);
    assert_eq!(lines(&d, "docker-compose/inline-secret"), vec![14]);
    assert_eq!(
        severity(&d, "docker-compose/inline-secret"),
        Severity::Error
    );
    let list = CLEAN.replace("    env_file: .env\n    depends_on:", "    environment:\n      - API_TOKEN=abc\n      - DATABASE_URL=postgresql://app:pw@db/app\n    depends_on:");
    assert_eq!(
        lines(&general(&list), "docker-compose/inline-secret"),
        vec![7, 8]
    );
}

#[test]
fn references_files_and_empty_values_are_not_inline_secrets() {
    let env = "    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n      POSTGRES_PASSWORD_FILE: /run/secrets/db\n      API_TOKEN:\n      DATABASE_URL: postgresql://app:${DB_PASSWORD}@db/app\n      MYSQL_ALLOW_EMPTY_PASSWORD: \"yes\"\n      DEBUG: \"true\"\n    volumes:";
    let d = general(&CLEAN.replace("    env_file: .env\n    volumes:", env));
    assert_eq!(lines(&d, "docker-compose/inline-secret"), NONE, "{d:#?}");
}

#[test]
fn depends_on_database_without_healthy_condition_is_flagged() {
    let list = CLEAN.replace(
        "    depends_on:\n      db:\n        condition: service_healthy\n",
        "    depends_on:\n      - db\n",
    );
    let d = general(&list);
    assert_eq!(lines(&d, "docker-compose/depends-on-not-healthy"), vec![8]);
    assert_eq!(
        severity(&d, "docker-compose/depends-on-not-healthy"),
        Severity::Warning
    );
    let started = CLEAN.replace("service_healthy", "service_started");
    assert_eq!(
        lines(&general(&started), "docker-compose/depends-on-not-healthy"),
        vec![8]
    );
    // Not a database: no warning.
    let other =
        "services:\n  web:\n    image: nginx:1.29\n    depends_on: [api]\n  api:\n    build: .\n";
    assert_eq!(
        lines(&general(other), "docker-compose/depends-on-not-healthy"),
        NONE
    );
}

#[test]
fn depends_on_unknown_service_is_an_error() {
    let d = general(&CLEAN.replace(
        "      db:\n        condition",
        "      dbb:\n        condition",
    ));
    assert_eq!(lines(&d, "docker-compose/unknown-service"), vec![8]);
    assert!(d.iter().any(|x| x.message.contains("api, db")), "{d:#?}");
    assert_eq!(
        lines(&general(CLEAN), "docker-compose/unknown-service"),
        NONE
    );
}

#[test]
fn waiting_for_health_without_a_healthcheck() {
    let no_hc = CLEAN.replace("    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER}\"]\n      interval: 5s\n", "");
    let d = general(&no_hc);
    assert_eq!(
        lines(&d, "docker-compose/healthy-without-healthcheck"),
        vec![8]
    );
    assert_eq!(
        severity(&d, "docker-compose/healthy-without-healthcheck"),
        Severity::Error
    );
    // A disabled healthcheck is none.
    let disabled = CLEAN.replace("      interval: 5s\n", "      disable: true\n");
    assert_eq!(
        lines(
            &general(&disabled),
            "docker-compose/healthy-without-healthcheck"
        ),
        vec![8]
    );
    // A built service may define HEALTHCHECK in its Dockerfile: only a warning.
    let built = "services:\n  web:\n    image: nginx:1.29\n    depends_on:\n      api:\n        condition: service_healthy\n  api:\n    build: .\n";
    let d = general(built);
    assert_eq!(
        lines(&d, "docker-compose/healthy-without-healthcheck"),
        vec![5]
    );
    assert_eq!(
        severity(&d, "docker-compose/healthy-without-healthcheck"),
        Severity::Warning
    );
}

#[test]
fn database_without_volume_is_flagged() {
    let d = general(&CLEAN.replace("    volumes:\n      - db-data:/var/lib/postgresql\n", ""));
    assert_eq!(lines(&d, "docker-compose/db-without-volume"), vec![10]);
    assert_eq!(
        severity(&d, "docker-compose/db-without-volume"),
        Severity::Warning
    );
    // An anonymous volume does not survive `down` either.
    let anon = CLEAN.replace(
        "      - db-data:/var/lib/postgresql",
        "      - /var/lib/postgresql",
    );
    assert_eq!(
        lines(&general(&anon), "docker-compose/db-without-volume"),
        vec![10]
    );
    // A bind mount or the long syntax is fine.
    let bind = CLEAN.replace(
        "      - db-data:/var/lib/postgresql",
        "      - ./pgdata:/var/lib/postgresql",
    );
    assert_eq!(
        lines(&general(&bind), "docker-compose/db-without-volume"),
        NONE
    );
    let long = CLEAN.replace(
        "      - db-data:/var/lib/postgresql",
        "      - type: volume\n        source: db-data\n        target: /var/lib/postgresql",
    );
    assert_eq!(general(&long), vec![]);
}

#[test]
fn undeclared_named_volume_is_an_error() {
    let d = general(&CLEAN.replace("volumes:\n  db-data:\n", ""));
    assert_eq!(lines(&d, "docker-compose/undefined-volume"), vec![14]);
    assert_eq!(
        lines(&general(CLEAN), "docker-compose/undefined-volume"),
        NONE
    );
}

#[test]
fn postgres_data_path_must_match_the_version() {
    let old_path = CLEAN.replace(
        "db-data:/var/lib/postgresql",
        "db-data:/var/lib/postgresql/data",
    );
    let d = general(&old_path);
    assert_eq!(lines(&d, "docker-compose/postgres-data-path"), vec![14]);
    assert_eq!(
        severity(&d, "docker-compose/postgres-data-path"),
        Severity::Error
    );
    let old_image = CLEAN.replace("postgres:18", "postgres:17-alpine");
    assert_eq!(
        lines(&general(&old_image), "docker-compose/postgres-data-path"),
        vec![14]
    );
    let old_both = old_path.replace("postgres:18", "postgres:17");
    assert_eq!(
        lines(&general(&old_both), "docker-compose/postgres-data-path"),
        NONE
    );
    assert_eq!(
        lines(&general(CLEAN), "docker-compose/postgres-data-path"),
        NONE
    );
}

#[test]
fn privileged_is_an_error() {
    let d = general(&CLEAN.replace("    build: .\n", "    build: .\n    privileged: true\n"));
    assert_eq!(lines(&d, "docker-compose/privileged"), vec![4]);
    assert_eq!(severity(&d, "docker-compose/privileged"), Severity::Error);
    let off = CLEAN.replace("    build: .\n", "    build: .\n    privileged: false\n");
    assert_eq!(lines(&general(&off), "docker-compose/privileged"), NONE);
}

#[test]
fn database_port_on_all_interfaces_is_flagged() {
    for port in [
        "\"5432:5432\"",
        "5432",
        "\"0.0.0.0:5432:5432\"",
        "{target: 5432, published: 5432}",
    ] {
        let text = CLEAN.replace(
            "    healthcheck:",
            &format!("    ports:\n      - {port}\n    healthcheck:"),
        );
        let d = general(&text);
        assert_eq!(
            lines(&d, "docker-compose/db-port-public"),
            vec![16],
            "{port}"
        );
        assert_eq!(
            severity(&d, "docker-compose/db-port-public"),
            Severity::Warning
        );
    }
    for port in [
        "\"127.0.0.1:5432:5432\"",
        "\"[::1]:5432:5432\"",
        "{target: 5432, published: 5432, host_ip: 127.0.0.1}",
    ] {
        let text = CLEAN.replace(
            "    healthcheck:",
            &format!("    ports:\n      - {port}\n    healthcheck:"),
        );
        assert_eq!(general(&text), vec![], "{port}");
    }
}

// --- requirements -----------------------------------------------------------------------

#[test]
fn services_requirement() {
    let req = Requirements {
        services: vec!["api".into(), "db".into(), "cache".into()],
        ..Default::default()
    };
    let d = run(CLEAN, &req);
    assert_eq!(lines(&d, "docker-compose/require-services"), vec![1]);
    assert!(d[0].message.contains("`cache`"), "{}", d[0].message);
    let req = Requirements {
        services: vec!["api".into(), "db".into()],
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
}

#[test]
fn healthcheck_requirement() {
    let req = Requirements {
        healthcheck: vec!["db".into()],
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let none = CLEAN.replace(
        "      test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER}\"]\n",
        "      test: [\"NONE\"]\n",
    );
    let d = run(&none, &req);
    assert_eq!(lines(&d, "docker-compose/require-healthcheck"), vec![10]);
    let req = Requirements {
        healthcheck: vec!["cache".into()],
        ..Default::default()
    };
    assert_eq!(
        lines(&run(CLEAN, &req), "docker-compose/require-healthcheck"),
        vec![1]
    );
}

#[test]
fn depends_on_healthy_requirement() {
    let req = Requirements {
        depends_on_healthy: BTreeMap::from([("api".into(), vec!["db".into()])]),
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let list = CLEAN.replace(
        "    depends_on:\n      db:\n        condition: service_healthy\n",
        "    depends_on:\n      - db\n",
    );
    let d = run(&list, &req);
    assert_eq!(
        lines(&d, "docker-compose/require-depends-on-healthy"),
        vec![8]
    );
    // Reported once, as the requirement, not also as the general warning.
    assert_eq!(lines(&d, "docker-compose/depends-on-not-healthy"), NONE);
    let none = CLEAN.replace(
        "    depends_on:\n      db:\n        condition: service_healthy\n",
        "",
    );
    assert_eq!(
        lines(
            &run(&none, &req),
            "docker-compose/require-depends-on-healthy"
        ),
        vec![2]
    );
}

#[test]
fn named_volumes_requirement() {
    let req = Requirements {
        named_volumes: vec!["db".into()],
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let bind = CLEAN.replace(
        "      - db-data:/var/lib/postgresql",
        "      - ./pgdata:/var/lib/postgresql",
    );
    assert_eq!(
        lines(&run(&bind, &req), "docker-compose/require-named-volume"),
        vec![10]
    );
    let none = CLEAN.replace("    volumes:\n      - db-data:/var/lib/postgresql\n", "");
    let d = run(&none, &req);
    assert_eq!(lines(&d, "docker-compose/require-named-volume"), vec![10]);
    assert_eq!(lines(&d, "docker-compose/db-without-volume"), NONE);
}

#[test]
fn env_file_requirement() {
    let req = Requirements {
        env_file: vec!["api".into(), "db".into()],
        ..Default::default()
    };
    assert_eq!(run(CLEAN, &req), vec![]);
    let list = CLEAN.replace(
        "    env_file: .env\n    depends_on:",
        "    env_file:\n      - .env\n    depends_on:",
    );
    assert_eq!(run(&list, &req), vec![]);
    let d = run(
        &CLEAN.replace("    env_file: .env\n    volumes:", "    volumes:"),
        &req,
    );
    assert_eq!(lines(&d, "docker-compose/require-env-file"), vec![10]);
}

#[test]
fn unknown_requirement_key_is_rejected() {
    let err = AnyRequirements::parse(
        Kind::DockerCompose,
        "services = [\"api\"]\nhealthchecks = [\"db\"]\n",
    )
    .expect_err("unknown key");
    assert!(err.to_string().contains("healthchecks"), "{err}");
    let ok = AnyRequirements::parse(
        Kind::DockerCompose,
        "depends_on_healthy = { api = [\"db\"] }\nimages_pinned = true\nconnects_to = { api = [\"db\"] }\nisolated_from = { db = [\"proxy\"] }\n",
    );
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn never_panics_on_odd_input() {
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    let inputs = [
        deep.as_str(),
        bomb,
        "services:\n  a:\n    image: x\n    ports: [99999999999999999999999999999999999999999, 1e400, .nan, {}, [], null]\n",
        "services:\n  db:\n    image: postgres\n    volumes: [\"\", \":\", \"::\", {}, 3, {type: tmpfs, target: /x}]\n    ports: [\"[\", \"[::1\", \"::::\"]\n",
        "services:\n  a:\n    image: 3\n    environment: [3, \"=\", \"A\"]\n    depends_on: {b: 3, c: [1], 4: null}\n    healthcheck: 3\n    env_file: 3\n",
        "services:\n  a:\n    image: x:1\n    depends_on: [a, [b], {c: d}]\n",
        "? [a, b]\n: c\nservices: {}\n",
        "services: !reset {}\n",
        "\u{feff}services:\n  a: {image: é:ü}\n",
        "a: 1\n---\nb: 2\n",
        "a: *nope\n",
        "services:\n  <<: {a: {image: x:1}}\n",
        "services:\n  a:\n    image: x:1\n    networks: [[n], {}, 3, null]\n    environment: [\"DB_HOST=:\", \"X_URL=redis://\", \"Y=http://[::1\"]\nnetworks: [x]\n",
        "services:\n  a:\n    image: x:1\n    networks: {n: 3}\n    environment: {A_HOST: \"localhost:99999999\", B_URL: \"postgres://u:p@127.0.0.1:0/x\"}\n  b:\n    image: postgres:18\n    network_mode: host\n    ports: [\"a:b:c\", {target: x}]\n    expose: [\"5432-5440\"]\n",
        "\u{0}\u{1}",
    ];
    let req = Requirements {
        services: vec!["a".into(), "".into()],
        healthcheck: vec!["a".into(), "z".into()],
        depends_on_healthy: BTreeMap::from([("a".into(), vec!["b".into()]), ("z".into(), vec![])]),
        named_volumes: vec!["db".into()],
        env_file: vec!["a".into()],
        images_pinned: true,
        connects_to: BTreeMap::from([("a".into(), vec!["b".into(), "z".into()])]),
        isolated_from: BTreeMap::from([
            ("y".into(), vec!["a".into()]),
            ("a".into(), vec!["a".into()]),
        ]),
    };
    for text in inputs {
        let _ = general(text);
        let _ = run(text, &req);
    }
}

// --- networks and addresses -------------------------------------------------------------

/// Three services on two networks: the proxy and the database share none.
const SPLIT: &str = "\
services:
  proxy:
    image: nginx:1.30
    ports:
      - \"8080:80\"
    networks: [frontend]
    depends_on: [api]
  api:
    build: .
    env_file: .env
    environment:
      DATABASE_URL: postgresql://orders:${POSTGRES_PASSWORD}@db:5432/orders
    networks:
      - frontend
      - backend
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:18
    env_file: .env
    volumes:
      - db-data:/var/lib/postgresql
    healthcheck:
      test: [\"CMD-SHELL\", \"pg_isready\"]
    networks:
      - backend
networks:
  frontend:
  backend:
volumes:
  db-data:
";

fn connect_req() -> Requirements {
    Requirements {
        connects_to: BTreeMap::from([
            ("proxy".into(), vec!["api".into()]),
            ("api".into(), vec!["db".into()]),
        ]),
        isolated_from: BTreeMap::from([("db".into(), vec!["proxy".into()])]),
        ..Default::default()
    }
}

#[test]
fn split_networks_file_is_clean() {
    assert_eq!(general(SPLIT), vec![]);
    assert_eq!(run(SPLIT, &connect_req()), vec![]);
}

#[test]
fn undeclared_network_is_an_error() {
    let d = general(&SPLIT.replace("  backend:\nvolumes:", "volumes:"));
    assert_eq!(lines(&d, "docker-compose/undefined-network"), vec![15, 27]);
    assert_eq!(
        severity(&d, "docker-compose/undefined-network"),
        Severity::Error
    );
    assert!(d[0].message.contains("top-level `networks:`"), "{d:#?}");
    // `default` needs no declaration, and the mapping form counts too.
    let d = general(&SPLIT.replace(
        "    networks: [frontend]\n",
        "    networks:\n      default: {}\n      frontend: {}\n",
    ));
    assert_eq!(lines(&d, "docker-compose/undefined-network"), NONE);
}

#[test]
fn dependency_on_another_network_is_an_error() {
    let d = general(&SPLIT.replace("      - frontend\n      - backend\n", "      - frontend\n"));
    assert_eq!(lines(&d, "docker-compose/no-shared-network"), vec![16]);
    assert_eq!(
        severity(&d, "docker-compose/no-shared-network"),
        Severity::Error
    );
    let m = &d
        .iter()
        .find(|d| d.rule == "docker-compose/no-shared-network")
        .unwrap()
        .message;
    assert!(
        m.contains("`api` is on `frontend`") && m.contains("`db` is on `backend`"),
        "{m}"
    );
    // One side on the implicit default network, the other on a named one.
    let d = general(&SPLIT.replace("    networks: [frontend]\n", ""));
    assert_eq!(lines(&d, "docker-compose/no-shared-network"), vec![6]);
    // `network_mode:` replaces Compose networking: nothing to compare.
    let d = general(&SPLIT.replace("    networks: [frontend]\n", "    network_mode: host\n"));
    assert_eq!(lines(&d, "docker-compose/no-shared-network"), NONE);
}

#[test]
fn localhost_connection_settings_are_flagged() {
    let d = general(&SPLIT.replace("@db:5432", "@localhost:5432"));
    assert_eq!(lines(&d, "docker-compose/localhost-address"), vec![12]);
    assert_eq!(
        severity(&d, "docker-compose/localhost-address"),
        Severity::Warning
    );
    assert!(d[0].message.contains("`db:5432`"), "{d:#?}");
    for env in [
        "DB_HOST: localhost",
        "PGHOST: 127.0.0.1",
        "REDIS_URL: redis://localhost",
        "DATABASE_URL: jdbc:postgresql://127.0.0.1/orders",
        "DATABASE_URL: postgresql+psycopg://u:${P}@[::1]:5432/x",
        "ORDERS_API: http://localhost:8080/v1",
    ] {
        let text = SPLIT.replace(
            "      DATABASE_URL: postgresql://orders:${POSTGRES_PASSWORD}@db:5432/orders",
            &format!("      {env}"),
        );
        let text = text.replace("      - \"8080:80\"", "      - \"8080:8080\"");
        let d = general(&text);
        assert_eq!(
            lines(&d, "docker-compose/localhost-address"),
            vec![12],
            "{env}"
        );
    }
    // The list form points at the item.
    let list = SPLIT.replace(
        "    environment:\n      DATABASE_URL: postgresql://orders:${POSTGRES_PASSWORD}@db:5432/orders",
        "    environment:\n      - DATABASE_URL=postgres://orders:${POSTGRES_PASSWORD}@localhost/orders",
    );
    assert_eq!(
        lines(&general(&list), "docker-compose/localhost-address"),
        vec![12]
    );
}

#[test]
fn browser_facing_and_listen_addresses_are_fine() {
    for env in [
        "CORS_ALLOWED_ORIGINS: http://localhost:8080",
        "PUBLIC_URL: http://localhost:8080",
        "OAUTH_CALLBACK: http://localhost:8080/cb",
        "HOST: 0.0.0.0",
        "LISTEN_HOST: 127.0.0.1",
        "APP_HOST: 0.0.0.0",
        "DOCS_URL: http://localhost:9999",
        "UPSTREAM_URL: http://127.0.0.1:81/x",
        "DATABASE_URL: postgresql://orders:${POSTGRES_PASSWORD}@db:5432/orders",
    ] {
        let text = SPLIT.replace(
            "      DATABASE_URL: postgresql://orders:${POSTGRES_PASSWORD}@db:5432/orders",
            &format!("      {env}"),
        );
        let d = general(&text);
        assert_eq!(lines(&d, "docker-compose/localhost-address"), NONE, "{env}");
    }
    // With network_mode, localhost can really be the host or another service.
    let host = SPLIT.replace("@db:5432", "@localhost:5432").replace(
        "    networks:\n      - frontend\n      - backend\n",
        "    network_mode: host\n",
    );
    assert_eq!(
        lines(&general(&host), "docker-compose/localhost-address"),
        NONE
    );
}

#[test]
fn connects_to_requirement_makes_them_errors() {
    let req = connect_req();
    let d = run(&SPLIT.replace("@db:5432", "@localhost:5432"), &req);
    assert_eq!(lines(&d, "docker-compose/require-connects-to"), vec![12]);
    assert_eq!(lines(&d, "docker-compose/localhost-address"), NONE);
    let d = run(
        &SPLIT.replace("      - frontend\n      - backend\n", "      - frontend\n"),
        &req,
    );
    assert_eq!(lines(&d, "docker-compose/require-connects-to"), vec![13]);
    assert_eq!(
        severity(&d, "docker-compose/require-connects-to"),
        Severity::Error
    );
    // Reported by the requirement, not twice.
    assert_eq!(lines(&d, "docker-compose/no-shared-network"), NONE);
    // The pair need not be linked by depends_on to be required.
    let d = run(
        &SPLIT
            .replace("    depends_on: [api]\n", "")
            .replace("      - frontend\n      - backend\n", "      - backend\n"),
        &req,
    );
    assert_eq!(lines(&d, "docker-compose/require-connects-to"), vec![6]);
    assert_eq!(lines(&d, "docker-compose/no-shared-network"), NONE);
}

#[test]
fn isolated_from_requirement_names_the_shared_network() {
    let req = connect_req();
    let d = run(
        &SPLIT.replace(
            "    networks:\n      - backend\n",
            "    networks:\n      - frontend\n      - backend\n",
        ),
        &req,
    );
    assert_eq!(lines(&d, "docker-compose/require-isolated-from"), vec![27]);
    assert!(d[0].message.contains("both are on `frontend`"), "{d:#?}");
    // Nobody declares networks: everyone is on the default one.
    let flat = "services:\n  proxy:\n    image: nginx:1.30\n  api:\n    build: .\n  db:\n    image: postgres:18\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n";
    let d = run(flat, &req);
    assert_eq!(lines(&d, "docker-compose/require-isolated-from"), vec![6]);
    assert!(
        d.iter().any(|d| d.message.contains("default network")),
        "{d:#?}"
    );
}

#[test]
fn network_requirements_about_missing_services_are_reported_once() {
    let d = run("services:\n  api:\n    build: .\n", &connect_req());
    let missing: Vec<&Diagnostic> = d
        .iter()
        .filter(|d| d.message.contains("no such service"))
        .collect();
    let names: Vec<bool> = ["`proxy`", "`db`"]
        .iter()
        .map(|n| missing.iter().filter(|d| d.message.contains(n)).count() == 1)
        .collect();
    assert_eq!(names, vec![true, true], "{d:#?}");
}

#[test]
fn networks_of_the_wrong_shape_are_structure_errors() {
    let d = general(&SPLIT.replace("    networks: [frontend]\n", "    networks: frontend\n"));
    assert_eq!(lines(&d, "docker-compose/structure"), vec![6]);
}

// --- the exercise -----------------------------------------------------------------------

#[test]
fn exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "compose-app-and-db",
        &[
            "docker-compose/obsolete-version",
            "docker-compose/inline-secret",
            "docker-compose/require-pinned-images",
            "docker-compose/require-healthcheck",
            "docker-compose/require-depends-on-healthy",
            "docker-compose/require-named-volume",
            "docker-compose/require-env-file",
            "docker-compose/db-port-public",
        ],
    );
}

#[test]
fn network_exercise_starter_fails_and_solution_passes() {
    common::starter_fails_solution_passes(
        "compose-api-cannot-reach-db",
        &[
            "docker-compose/require-connects-to",
            "docker-compose/require-isolated-from",
            "docker-compose/db-port-public",
        ],
    );
}

#[test]
fn compose_tags_are_read_as_plain_values() {
    let text = CLEAN.replace(
        "    ports:\n      - \"8000:8000\"\n",
        "    ports: !override [\"9000:8000\"]\n    labels: !reset {}\n    command: !custom x\n",
    );
    assert_ne!(text, CLEAN);
    assert_eq!(general(&text), vec![]);
}
