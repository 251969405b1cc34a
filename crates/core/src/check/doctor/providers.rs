//! Where Terraform and OpenTofu take providers from without a network, and whether
//! any provider is there.

use std::path::{Path, PathBuf};

use super::{Env, Usable};

/// A folder a tool may take providers from without a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderSource {
    pub path: PathBuf,
    /// Why it is looked at: `TF_PLUGIN_CACHE_DIR`, `filesystem_mirror in ~/.terraformrc` …
    pub from: String,
    /// The providers in it, as `namespace/type version`.
    pub providers: Vec<String>,
}

/// What was found: the folders looked at, and remarks (a configured file that is
/// missing or unreadable).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    pub sources: Vec<ProviderSource>,
    pub remarks: Vec<String>,
}

pub(super) fn offline_providers(program: &str, found: &Sources) -> Usable {
    let with: Vec<String> = found
        .sources
        .iter()
        .filter(|s| !s.providers.is_empty())
        .map(|s| {
            format!(
                "Providers {} in {} ({}).",
                s.providers.join(", "),
                s.path.display(),
                s.from
            )
        })
        .collect();
    if !with.is_empty() {
        return Usable::Yes("usable offline", with);
    }
    let mut why = vec![format!(
        "No plugin cache or filesystem mirror holds a provider, so `{program} init` has to download them."
    )];
    why.extend(found.remarks.iter().map(|r| format!("{r}.")));
    why.push("To work offline, add `provider_installation { filesystem_mirror { path = \"…\" } }` to the CLI config file, pointing at a folder of providers.".to_string());
    Usable::No("not usable offline", why)
}

/// The folders `program` (terraform or tofu) takes providers from without a network:
/// `TF_PLUGIN_CACHE_DIR`, the `plugin_cache_dir` and `filesystem_mirror` paths of its
/// CLI config file (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc` or `~/.tofurc`), and the
/// implied local mirrors (`~/.terraform.d/plugins`, `$XDG_DATA_HOME/<tool>/plugins`, and
/// each `$XDG_DATA_DIRS/<tool>/plugins`). Only folders that exist are listed.
pub fn provider_sources(program: &str, env: &Env<'_>) -> Sources {
    let mut found = Sources::default();
    let mut add = |path: PathBuf, from: String| {
        if path.is_dir() && !found.sources.iter().any(|s| s.path == path) {
            let providers = providers_in(&path);
            found.sources.push(ProviderSource {
                path,
                from,
                providers,
            });
        }
    };
    if let Some(dir) = (env.var)("TF_PLUGIN_CACHE_DIR") {
        add(expand(&dir, env), "TF_PLUGIN_CACHE_DIR".to_string());
    }
    let rc_name = if program == "tofu" {
        ".tofurc"
    } else {
        ".terraformrc"
    };
    let (config, named_by) = match (env.var)("TF_CLI_CONFIG_FILE") {
        Some(f) => (Some(PathBuf::from(f)), "TF_CLI_CONFIG_FILE"),
        None => (env.home.as_ref().map(|h| h.join(rc_name)), "~/"),
    };
    let mut remarks = Vec::new();
    if let Some(config) = config {
        match std::fs::read_to_string(&config) {
            Ok(text) => match cli_config_paths(&text) {
                Ok(paths) => {
                    for (what, path) in paths {
                        add(
                            expand(&path, env),
                            format!("{what} in {}", config.display()),
                        );
                    }
                }
                Err(e) => remarks.push(format!(
                    "{} could not be read as HCL: {e}",
                    config.display()
                )),
            },
            Err(_) if named_by == "TF_CLI_CONFIG_FILE" => remarks.push(format!(
                "TF_CLI_CONFIG_FILE names {}, which does not exist",
                config.display()
            )),
            Err(_) => {}
        }
    }
    let tool_dir = if program == "tofu" {
        "opentofu"
    } else {
        "terraform"
    };
    if let Some(home) = &env.home {
        add(
            home.join(".terraform.d/plugins"),
            "implied local mirror".to_string(),
        );
    }
    let data_home = (env.var)("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| env.home.as_ref().map(|h| h.join(".local/share")));
    if let Some(d) = data_home {
        add(
            d.join(tool_dir).join("plugins"),
            "implied local mirror".to_string(),
        );
    }
    let data_dirs =
        (env.var)("XDG_DATA_DIRS").unwrap_or_else(|| "/usr/local/share:/usr/share".to_string());
    for d in data_dirs.split(':').filter(|d| !d.is_empty()) {
        add(
            Path::new(d).join(tool_dir).join("plugins"),
            "implied local mirror".to_string(),
        );
    }
    found.remarks = remarks;
    found
}

/// `~/` and `$HOME` at the start of a configured path, as the tools expand them.
fn expand(path: &str, env: &Env<'_>) -> PathBuf {
    let home = env.home.clone().unwrap_or_default();
    for prefix in ["~/", "$HOME/", "${HOME}/"] {
        if let Some(rest) = path.strip_prefix(prefix) {
            return home.join(rest);
        }
    }
    PathBuf::from(path)
}

/// The `plugin_cache_dir` and every `filesystem_mirror { path }` of a CLI config file.
pub fn cli_config_paths(text: &str) -> Result<Vec<(&'static str, String)>, String> {
    let body: hcl::Body = hcl::parse(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for attr in body.attributes() {
        if attr.key() == "plugin_cache_dir"
            && let hcl::Expression::String(s) = attr.expr()
        {
            out.push(("plugin_cache_dir", s.clone()));
        }
    }
    for install in body
        .blocks()
        .filter(|b| b.identifier() == "provider_installation")
    {
        for mirror in install
            .body()
            .blocks()
            .filter(|b| b.identifier() == "filesystem_mirror")
        {
            for attr in mirror.body().attributes().filter(|a| a.key() == "path") {
                if let hcl::Expression::String(s) = attr.expr() {
                    out.push(("filesystem_mirror", s.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// The providers in a mirror or plugin cache, laid out as Terraform lays them out:
/// `HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/…` (unpacked) or
/// `HOST/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip` (packed).
/// At most a few hundred entries are looked at.
pub fn providers_in(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut budget = 500usize;
    let mut list = |p: &Path| -> Vec<(String, PathBuf, bool)> {
        let Ok(entries) = std::fs::read_dir(p) else {
            return Vec::new();
        };
        let mut v: Vec<(String, PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .take(budget)
            .map(|e| {
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.path(),
                    is_dir,
                )
            })
            .collect();
        budget = budget.saturating_sub(v.len());
        v.sort();
        v
    };
    for (_, host, _) in list(dir).into_iter().filter(|e| e.2) {
        for (ns, ns_path, _) in list(&host).into_iter().filter(|e| e.2) {
            for (ty, ty_path, _) in list(&ns_path).into_iter().filter(|e| e.2) {
                for (name, path, is_dir) in list(&ty_path) {
                    let version = if is_dir {
                        // A version folder counts when a platform folder in it is not empty.
                        let has_binary = list(&path).into_iter().any(|(_, p, d)| {
                            d && std::fs::read_dir(p).is_ok_and(|mut r| r.next().is_some())
                        });
                        has_binary.then_some(name)
                    } else {
                        name.strip_prefix(&format!("terraform-provider-{ty}_"))
                            .and_then(|rest| rest.strip_suffix(".zip"))
                            .and_then(|rest| rest.split('_').next())
                            .map(str::to_string)
                    };
                    if let Some(v) = version {
                        out.push(format!("{ns}/{ty} {v}"));
                    }
                }
            }
        }
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn mirror(root: &Path) {
        let platform = root.join("registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64");
        std::fs::create_dir_all(&platform).expect("mkdir");
        std::fs::write(platform.join("terraform-provider-aws_v5.100.0_x5"), "bin").expect("write");
        let packed = root.join("registry.terraform.io/hashicorp/random");
        std::fs::create_dir_all(&packed).expect("mkdir");
        std::fs::write(
            packed.join("terraform-provider-random_3.6.0_linux_amd64.zip"),
            "zip",
        )
        .expect("write");
        // An empty version folder is no provider.
        std::fs::create_dir_all(
            root.join("registry.terraform.io/hashicorp/null/3.2.0/linux_amd64"),
        )
        .expect("mkdir");
    }

    #[test]
    fn finds_unpacked_and_packed_providers() {
        let dir = tempfile::tempdir().expect("temp");
        mirror(dir.path());
        assert_eq!(
            providers_in(dir.path()),
            ["hashicorp/aws 5.100.0", "hashicorp/random 3.6.0"]
        );
        assert!(providers_in(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn reads_the_paths_of_a_cli_config_file() {
        let text = "plugin_cache_dir = \"$HOME/.terraform.d/plugin-cache\"\nprovider_installation {\n  filesystem_mirror {\n    path    = \"/opt/tf-plugins\"\n    include = [\"registry.terraform.io/*/*\"]\n  }\n  direct {\n    exclude = [\"registry.terraform.io/*/*\"]\n  }\n}\n";
        assert_eq!(
            cli_config_paths(text).expect("parses"),
            [
                (
                    "plugin_cache_dir",
                    "$HOME/.terraform.d/plugin-cache".to_string()
                ),
                ("filesystem_mirror", "/opt/tf-plugins".to_string()),
            ]
        );
        assert!(cli_config_paths("provider_installation {").is_err());
    }

    #[test]
    fn a_mirror_named_in_the_config_file_makes_terraform_usable_offline() {
        let dir = tempfile::tempdir().expect("temp");
        let home = dir.path().join("home");
        let plugins = dir.path().join("plugins");
        mirror(&plugins);
        let rc = dir.path().join("rc");
        std::fs::write(
            &rc,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path = \"{}\"\n  }}\n}}\n",
                plugins.display()
            ),
        )
        .expect("write");
        let rc_text = rc.display().to_string();
        let var = move |name: &str| match name {
            "TF_CLI_CONFIG_FILE" => Some(rc_text.clone()),
            "XDG_DATA_DIRS" => Some("/nonexistent".to_string()),
            _ => None,
        };
        let env = Env {
            var: &var,
            home: Some(home),
        };
        let found = provider_sources("terraform", &env);
        let Usable::Yes(_, how) = offline_providers("terraform", &found) else {
            panic!("usable: {found:?}")
        };
        let how = how.join(" ");
        assert!(how.contains("hashicorp/aws 5.100.0"), "{how}");
        assert!(how.contains("filesystem_mirror in"), "{how}");
    }

    #[test]
    fn a_missing_config_file_is_said_and_nothing_found_is_not_usable() {
        let dir = tempfile::tempdir().expect("temp");
        let var = |name: &str| match name {
            "TF_CLI_CONFIG_FILE" => Some("/nonexistent/.terraformrc".to_string()),
            "XDG_DATA_DIRS" => Some("/nonexistent".to_string()),
            _ => None,
        };
        let env = Env {
            var: &var,
            home: Some(dir.path().to_path_buf()),
        };
        let Usable::No(short, why) =
            offline_providers("terraform", &provider_sources("terraform", &env))
        else {
            panic!("not usable")
        };
        assert_eq!(short, "not usable offline");
        let why = why.join(" ");
        assert!(
            why.contains(
                "TF_CLI_CONFIG_FILE names /nonexistent/.terraformrc, which does not exist"
            ),
            "{why}"
        );
        // An empty plugin cache is no source of providers either.
        std::fs::create_dir_all(dir.path().join(".terraform.d/plugins")).expect("mkdir");
        let found = provider_sources("terraform", &env);
        assert_eq!(found.sources.len(), 1);
        assert!(matches!(
            offline_providers("terraform", &found),
            Usable::No(..)
        ));
    }
}
