//! The root-of-trust commands: `root init|sign|show` (the founders' side), `cosign` (a
//! second key of a role) and `trust add-root` (pinning a first root).

use std::path::Path;
use std::process::ExitCode;

use super::keys::{PASSWORD_ENV, terminal_prompt};
use super::render::Output;
use super::{CosignArgs, Format, RootShowArgs, RootSignArgs, TrustAddRootArgs};
use crate::diagnostic::{Error, Problem, Result};
use crate::root::{self, Plan, Signed};
use crate::workspace::Workspace;
use crate::{sign, trust};

/// `alliance root init`: `root/N.yaml` from `trust:` of `alliance.yaml`.
pub(super) fn cmd_init(ws_root: &Path, out: &mut Output) -> Result<ExitCode> {
    let Some(config) = Workspace::config_only(ws_root)? else {
        return Err(no_trust(ws_root, "there is no alliance.yaml here"));
    };
    let Some(trust) = &config.trust else {
        return Err(no_trust(ws_root, "alliance.yaml has no `trust:` section"));
    };
    let plan = Plan::of(trust)?;
    let dir = ws_root.join(root::ROOT_DIR);
    let newest = root::versions_in(&dir)?.last().copied();
    let previous = match newest {
        Some(version) => Some(Signed::read(&dir.join(format!("{version}.yaml")))?.root),
        None => None,
    };
    let expires = trust.root_expires.at(crate::date::now());
    match plan.next_root(previous.as_ref(), expires) {
        None => out.print(&format!(
            "root/{}.yaml already says what `trust:` says: nothing to write\n",
            newest.unwrap_or(1)
        ))?,
        Some(next) => {
            let path = root::write(&dir, &next)?;
            let threshold = next.root.threshold;
            let before = if next.version > 1 {
                format!(
                    " and by {} of the root keys of version {}",
                    previous.as_ref().map_or(0, |p| p.root.threshold),
                    next.version - 1
                )
            } else {
                String::new()
            };
            out.print(&format!(
                "wrote {} (root version {}, unsigned)\nnext: it needs the signatures of {threshold} of its root keys{before}; each founder runs\n  alliance root sign {} --secret-key FILE\n",
                path.display(),
                next.version,
                path.display()
            ))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn no_trust(ws_root: &Path, why: &str) -> Error {
    Error::Invalid(vec![
        Problem::new(ws_root.join(crate::workspace::CONFIG_FILE), why.to_string()).with_help(
            "declare the roles in alliance.yaml: `trust: { root: { keys: [keys/founder-a.pub, …], threshold: 2 }, index: { keys: [keys/release.pub] }, vendors: [{ name: abacus, keys: [keys/abacus.pub], packages: [ledgerline] }] }`",
        ),
    ])
}

/// The secret key `secret_key`, opened as the signing commands open theirs.
fn open_key(secret_key: &Path, allow_in_workspace: bool) -> Result<sign::SigningKey> {
    let source = sign::KeySource {
        secret_key: Some(secret_key.to_path_buf()),
        password: std::env::var(PASSWORD_ENV).ok(),
        ask: terminal_prompt(),
        allow_in_workspace,
    };
    let here = std::env::current_dir().unwrap_or_else(|_| ".".into());
    sign::SigningKey::open(&here, &source)
}

/// `alliance cosign DIR --secret-key KEY`.
pub(super) fn cmd_cosign(ws_root: &Path, args: &CosignArgs, out: &mut Output) -> Result<ExitCode> {
    let trusted = match root::workspace_chain(ws_root)? {
        Some(accepted) => accepted.root,
        None => trust::Store::user_or_error()?.root()?.ok_or_else(|| {
            Error::Invalid(vec![
                Problem::new(&args.dir, "no root of trust to check this folder against")
                    .with_help("run cosign in the alliance's workspace (its root/), or pin the alliance's root with `alliance trust add-root`"),
            ])
        })?,
    };
    let key = open_key(&args.secret_key, args.allow_key_in_workspace)?;
    let cosigned = crate::cosign::cosign(&args.dir, &key, &trusted)?;
    let mut text = String::new();
    for path in &cosigned.written {
        let shown = crate::diagnostic::escape::escape(&path.display().to_string()).into_owned();
        text.push_str(&format!("wrote {shown}\n"));
    }
    text.push_str(&format!(
        "co-signed by key {}: {} files\n",
        key.key_id,
        cosigned.written.len()
    ));
    out.print(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `alliance root sign FILE --secret-key KEY`.
pub(super) fn cmd_sign(args: &RootSignArgs, out: &mut Output) -> Result<ExitCode> {
    let key = open_key(&args.secret_key, args.allow_key_in_workspace)?;
    let written = root::sign(&args.file, &key)?;
    let signed = Signed::read(&args.file)?;
    let own = signed
        .root
        .signers(&signed.root.root, &signed.bytes, &signed.path);
    out.print(&format!(
        "wrote {} (signed by {})\nroot version {} has {} of the {} signatures of its own root keys it needs\n",
        written.display(),
        key.key_id,
        signed.root.version,
        own.len(),
        signed.root.root.threshold
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// What `root show` says of one role.
#[derive(serde::Serialize)]
struct RoleShown {
    role: String,
    threshold: usize,
    keys: Vec<KeyShown>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    packages: Vec<String>,
}

#[derive(serde::Serialize)]
struct KeyShown {
    id: String,
    name: String,
}

#[derive(serde::Serialize)]
struct Shown {
    file: String,
    version: u64,
    expires: String,
    roles: Vec<RoleShown>,
    /// Key ids whose signature file is present and valid.
    signed_by: Vec<String>,
    /// Key ids of signature files that do not verify (or are no root key's).
    invalid: Vec<String>,
    /// Whether the threshold of its own root keys is met.
    self_signed: bool,
    /// With the version before it beside it: whether that one's threshold is met too.
    #[serde(skip_serializing_if = "Option::is_none")]
    signed_by_previous: Option<bool>,
}

/// `alliance root show FILE`.
pub(super) fn cmd_show(args: &RootShowArgs, out: &mut Output) -> Result<ExitCode> {
    let signed = Signed::read(&args.file)?;
    let r = &signed.root;
    let keys_of = |ids: &[String]| -> Vec<KeyShown> {
        ids.iter()
            .map(|id| KeyShown {
                id: id.clone(),
                name: r.keys.get(id).map(|k| k.name.clone()).unwrap_or_default(),
            })
            .collect()
    };
    let mut roles = vec![
        RoleShown {
            role: "root".to_string(),
            threshold: r.root.threshold,
            keys: keys_of(&r.root.keys),
            packages: Vec::new(),
        },
        RoleShown {
            role: "index".to_string(),
            threshold: r.index.threshold,
            keys: keys_of(&r.index.keys),
            packages: Vec::new(),
        },
    ];
    for d in &r.vendors {
        roles.push(RoleShown {
            role: format!("vendor {}", d.name),
            threshold: d.threshold,
            keys: keys_of(&d.keys),
            packages: d.packages.clone(),
        });
    }
    let previous = (r.version > 1)
        .then(|| {
            let path = args.file.with_file_name(format!("{}.yaml", r.version - 1));
            Signed::read(&path).ok()
        })
        .flatten();
    let mut signers = r.signers(&r.root, &signed.bytes, &signed.path);
    let signed_by_previous = previous.as_ref().map(|p| {
        let by = p.root.signers(&p.root.root, &signed.bytes, &signed.path);
        let met = by.len() >= p.root.root.threshold;
        signers.extend(by);
        met
    });
    let self_signed = signed.check_self_signed().is_ok();
    let name = args
        .file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let invalid: Vec<String> =
        crate::cosign::ids_beside(&crate::verify::folder_of(&args.file), name)
            .into_iter()
            .filter(|id| !signers.contains(id))
            .collect();
    let shown = Shown {
        file: args.file.display().to_string(),
        version: r.version,
        expires: crate::date::timestamp(r.expires),
        roles,
        signed_by: signers.into_iter().collect(),
        invalid,
        self_signed,
        signed_by_previous,
    };
    match args.format {
        Format::Json => out.json(&shown)?,
        Format::Text => out.print(&render_show(&shown))?,
    }
    Ok(ExitCode::SUCCESS)
}

fn render_show(shown: &Shown) -> String {
    use std::fmt::Write;
    let mut text = format!(
        "{}: root version {}, expires {}\n",
        shown.file, shown.version, shown.expires
    );
    for role in &shown.roles {
        let _ = write!(text, "  {:<18} {} of", role.role, role.threshold);
        for key in &role.keys {
            let _ = write!(text, " {} ({})", key.name, key.id);
        }
        if !role.packages.is_empty() {
            let _ = write!(text, "; packages {}", role.packages.join(", "));
        }
        text.push('\n');
    }
    let _ = writeln!(
        text,
        "  signed by: {}",
        if shown.signed_by.is_empty() {
            "nobody yet".to_string()
        } else {
            shown.signed_by.join(", ")
        }
    );
    if !shown.invalid.is_empty() {
        let _ = writeln!(
            text,
            "  signature files that do not count: {}",
            shown.invalid.join(", ")
        );
    }
    let _ = writeln!(
        text,
        "  threshold of its own root keys: {}",
        if shown.self_signed { "met" } else { "not met" }
    );
    if let Some(met) = shown.signed_by_previous {
        let _ = writeln!(
            text,
            "  threshold of root version {}'s root keys: {}",
            shown.version - 1,
            if met { "met" } else { "not met" }
        );
    }
    text
}

/// `alliance trust add-root FILE`: pins a root, signed by the threshold of its own root
/// keys and not expired.
pub(super) fn cmd_add_root(
    store: &trust::Store,
    args: &TrustAddRootArgs,
    out: &mut Output,
) -> Result<ExitCode> {
    let signed = Signed::read(&args.file)?;
    signed.check_self_signed()?;
    if signed.root.expires <= crate::date::now() {
        return Err(Error::Unverified(vec![
            Problem::new(
                &args.file,
                format!(
                    "root version {} expired at {}",
                    signed.root.version,
                    crate::date::timestamp(signed.root.expires)
                ),
            )
            .with_help("ask the alliance's founders for their current root"),
        ]));
    }
    // A root already pinned is replaced only by one that follows from it (each version
    // beside the file, signed as a client requires), unless the user says otherwise.
    if let Some(pinned) = store.root()?
        && !args.replace
    {
        let dir = crate::verify::folder_of(&args.file);
        let follows = root::walk(&pinned, &dir, crate::date::now())
            .is_ok_and(|accepted| accepted.root == signed.root);
        if !follows {
            return Err(Error::Invalid(vec![
                Problem::new(
                    &args.file,
                    format!(
                        "you already trust root version {}, and root version {} does not follow from it (every version between, each signed by the threshold of the one before)",
                        pinned.version, signed.root.version
                    ),
                )
                .with_help("put every root version since the one you trust beside it; or, to trust this root alone from now on, pass --replace"),
            ]));
        }
    }
    store.keep_root(&signed)?;
    out.print(&format!(
        "trusting root version {} ({} root keys, {} needed to sign the next); releases carrying newer roots are followed from now on\n",
        signed.root.version,
        signed.root.root.keys.len(),
        signed.root.root.threshold
    ))?;
    Ok(ExitCode::SUCCESS)
}
