//! An alliance's root of trust (issue 26): a root written by `root init` from `trust:` of
//! `alliance.yaml`, signed by its founders one signature file each (`root sign`), pinned
//! once by a user (`trust add-root`) and then followed through rotations by `verify` and
//! `install`; every refusal names the role, the key and the root version. Every file here
//! is written by the real commands.

use std::path::{Path, PathBuf};

use crate::common::{self, Outcome, alliance, arg, sample_workspace};

/// A workspace with keys of its own (public halves in `keys/`, secret halves outside), and
/// an end user's trust store.
struct Alliance {
    ws: tempfile::TempDir,
    secrets: tempfile::TempDir,
    store: tempfile::TempDir,
}

impl Alliance {
    fn new(keys: &[&str]) -> Alliance {
        let made = Alliance {
            ws: sample_workspace(),
            secrets: tempfile::tempdir().expect("dir"),
            store: tempfile::tempdir().expect("dir"),
        };
        std::fs::create_dir_all(made.root().join("keys")).expect("keys/");
        for name in keys {
            let out = made.secrets.path().join(name);
            let output = alliance(made.root())
                .args(["keygen", "--out", arg(&out), "--unencrypted"])
                .output()
                .expect("runs");
            common::assert_success(&output);
            std::fs::rename(
                out.with_extension("pub"),
                made.root().join(format!("keys/{name}.pub")),
            )
            .expect("public key into keys/");
        }
        made
    }

    fn root(&self) -> &Path {
        self.ws.path()
    }

    fn secret(&self, name: &str) -> PathBuf {
        self.secrets.path().join(format!("{name}.key"))
    }

    fn dist(&self) -> PathBuf {
        self.root().join("dist/1995.08")
    }

    /// Sets `trust:` of `alliance.yaml` to `roles` (YAML lines under `trust:`).
    fn set_trust(&self, roles: &str) {
        let path = self.root().join("alliance.yaml");
        let text = std::fs::read_to_string(&path).expect("alliance.yaml");
        let kept = text.split("\ntrust:\n").next().expect("text");
        std::fs::write(&path, format!("{kept}\ntrust:\n{roles}")).expect("write");
    }

    /// `alliance root init`, which must succeed.
    fn init(&self) -> String {
        let (code, stdout, stderr) = common::run(self.root(), &["root", "init"]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        stdout
    }

    /// `alliance root sign root/N.yaml` with each of `founders`' secret keys.
    fn sign(&self, version: u32, founders: &[&str]) {
        let file = format!("root/{version}.yaml");
        for founder in founders {
            let secret = self.secret(founder);
            let (code, stdout, stderr) = common::run(
                self.root(),
                &["root", "sign", &file, "--secret-key", arg(&secret)],
            );
            assert_eq!(code, Some(0), "{founder}: {stdout}{stderr}");
        }
    }

    /// `alliance release` signed with `key`'s secret key; its outcome.
    fn release(&self, key: &str) -> Outcome {
        let secret = self.secret(key);
        common::run(self.root(), &["release", "--secret-key", arg(&secret)])
    }

    /// `alliance ARGS` as the end user, with their trust store.
    fn user(&self, args: &[&str]) -> Outcome {
        common::outcome(
            &common::user_command(args)
                .env("XDG_CONFIG_HOME", self.store.path())
                .output()
                .expect("runs"),
        )
    }

    /// The version of the root in the user's trust store.
    fn pinned_version(&self) -> String {
        let text = std::fs::read_to_string(self.store.path().join("alliance/trusted-root.yaml"))
            .expect("a pinned root");
        text.lines()
            .find_map(|l| l.strip_prefix("version: "))
            .expect("a version")
            .to_string()
    }
}

/// `trust:` with founders `founders` (threshold 2), index key `index`, and one vendor
/// `alliance` of `index` for every package.
fn roles(founders: &[&str], index: &str) -> String {
    let keys: Vec<String> = founders.iter().map(|f| format!("keys/{f}.pub")).collect();
    format!(
        "  root: {{ keys: [{}], threshold: 2 }}\n  index: {{ keys: [keys/{index}.pub] }}\n  vendors:\n    - {{ name: alliance, keys: [keys/{index}.pub], packages: [\"*\"] }}\n",
        keys.join(", ")
    )
}

/// Asserts that `outcome` failed (exit 1 or 2) and that its output says each of `words`.
fn assert_refused(outcome: &Outcome, words: &[&str]) -> String {
    let (code, stdout, stderr) = outcome;
    let all = format!("{stdout}{stderr}");
    assert!(matches!(code, Some(1 | 2)), "not refused:\n{all}");
    assert!(!all.contains("panicked"), "{all}");
    for word in words {
        assert!(all.contains(word), "`{word}` not said:\n{all}");
    }
    all
}

/// The key id of the public key `keys/NAME.pub`.
fn key_id(alliance: &Alliance, name: &str) -> String {
    let text =
        std::fs::read_to_string(alliance.root().join(format!("keys/{name}.pub"))).expect("key");
    let key = alliance::sign::TrustedKey::parse(&text, name.to_string()).expect("a key");
    key.key_id
}

/// A client that pinned root 1 follows root 2 (one founder key replaced) and root 3 (the
/// index key replaced) by itself: `verify` and `install` pass with nothing but root 1
/// pinned, and the store ends at root 3. `minisign -Vm` checks each signature file of the
/// root by hand. A release from before root 3, signed by the index key root 3 dropped,
/// is then refused as revoked.
#[test]
fn a_client_pinned_at_root_1_follows_two_rotations_and_refuses_a_revoked_key() {
    common::require_tool("minisign");
    let a = Alliance::new(&[
        "founder-a",
        "founder-b",
        "founder-c",
        "founder-d",
        "release",
        "release2",
    ]);
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-c"], "release"));
    assert!(a.init().contains("root/1.yaml"));
    a.sign(1, &["founder-a", "founder-c"]);
    for founder in ["founder-a", "founder-c"] {
        let id = key_id(&a, founder);
        let sig = a.root().join(format!("root/1.yaml.{id}.minisig"));
        let public = a.root().join(format!("keys/{founder}.pub"));
        common::run_tool(
            a.root(),
            "minisign",
            &["-Vm", "root/1.yaml", "-x", arg(&sig), "-p", arg(&public)],
        );
    }
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    // Root 2: founder-c replaced by founder-d; signed by two of root 1 and two of root 2.
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-d"], "release"));
    assert!(a.init().contains("root/2.yaml"));
    a.sign(2, &["founder-a", "founder-b", "founder-d"]);
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist())]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(a.pinned_version(), "2");
    let before_root_3 = tempfile::tempdir().expect("dir");
    common::copy_tree(&a.dist(), before_root_3.path());

    // Root 3: the index key replaced.
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-d"], "release2"));
    assert!(a.init().contains("root/3.yaml"));
    a.sign(3, &["founder-b", "founder-d"]);
    let (code, stdout, stderr) = a.release("release2");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let prefix = tempfile::tempdir().expect("dir");
    let installer = a.dist().join("ledgerline-4.2.0.zip");
    let (code, stdout, stderr) = a.user(&[
        "install",
        arg(&installer),
        "--prefix",
        arg(&prefix.path().join("ledgerline")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(a.pinned_version(), "3");

    // The release made under root 2, now carrying the chain to root 3: its key is revoked.
    std::fs::remove_dir_all(before_root_3.path().join("root")).expect("old chain");
    common::copy_tree(&a.root().join("root"), &before_root_3.path().join("root"));
    let old = a.user(&[
        "verify",
        arg(&before_root_3.path().join("ledgerline-4.2.0.zip")),
    ]);
    let release = key_id(&a, "release");
    assert_refused(
        &old,
        &[&format!(
            "signed by key {release}, which root version 3 no longer trusts"
        )],
    );
}

/// Each way a root chain is refused, with the role, the keys and the versions named.
#[test]
fn a_root_chain_is_refused_for_each_broken_rule() {
    let a = Alliance::new(&[
        "founder-a",
        "founder-b",
        "founder-c",
        "founder-e",
        "founder-f",
        "release",
    ]);
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-c"], "release"));
    a.init();
    let root_1 = a.root().join("root/1.yaml");
    let founder_a = key_id(&a, "founder-a");

    // A threshold not met: 1 of 2.
    a.sign(1, &["founder-a"]);
    let refused = assert_refused(
        &a.user(&["trust", "add-root", arg(&root_1)]),
        &[
            "root version 1 is signed by 1 of its own root keys (root version 1), and needs 2",
            &founder_a,
        ],
    );
    eprintln!("threshold: {refused}");
    a.sign(1, &["founder-b"]);
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&root_1)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    // Root 2 signed only by its own new keys, not by root 1's threshold.
    a.set_trust(&roles(&["founder-e", "founder-f"], "release"));
    a.init();
    a.sign(2, &["founder-e", "founder-f"]);
    let (code, stdout, stderr) = a.release("release");
    assert_refused(
        &(code, stdout, stderr),
        &["root version 2 is signed by 0 of the root keys of root version 1, and needs 2"],
    );
    // Signed by root 1's founders too, it is a root; the release carries it.
    a.sign(2, &["founder-a", "founder-b"]);
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist())]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(a.pinned_version(), "2");

    // A rollback: a release that carries root 1 alone, to a client at root 2.
    let chain = a.dist().join("root");
    for entry in std::fs::read_dir(&chain).expect("chain") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("2.yaml"))
        {
            std::fs::remove_file(path).expect("remove");
        }
    }
    assert_refused(
        &a.user(&["verify", arg(&a.dist())]),
        &["the chain's newest root is version 1, older than root version 2 that you already trust"],
    );

    // Root 3 presented without root 2, to a client at root 1.
    let fresh = Alliance {
        ws: tempfile::tempdir().expect("dir"),
        secrets: tempfile::tempdir().expect("dir"),
        store: tempfile::tempdir().expect("dir"),
    };
    let (code, stdout, stderr) = fresh.user(&["trust", "add-root", arg(&root_1)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    for entry in std::fs::read_dir(a.root().join("root")).expect("root/") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if let Some(rest) = name.strip_prefix("2.yaml") {
            std::fs::copy(&path, chain.join(format!("3.yaml{rest}"))).expect("copy");
        }
    }
    assert_refused(
        &fresh.user(&["verify", arg(&a.dist())]),
        &["root version 3 is presented without root version 2"],
    );
}

/// An expired root is refused, by `trust add-root` and by a client walking to it.
#[test]
fn an_expired_root_is_refused() {
    let a = Alliance::new(&["founder-a", "founder-b", "release"]);
    let expired = "  root: { keys: [keys/founder-a.pub, keys/founder-b.pub], threshold: 1, expires: 2020-01-01 }\n  index: { keys: [keys/release.pub] }\n  vendors:\n    - { name: alliance, keys: [keys/release.pub], packages: [\"*\"] }\n";
    a.set_trust(expired);
    a.init();
    a.sign(1, &["founder-a"]);
    assert_refused(
        &a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]),
        &["root version 1 expired at 2020-01-01T23:59:59Z"],
    );
    assert_refused(
        &a.release("release"),
        &["root version 1 expired at 2020-01-01T23:59:59Z"],
    );
}

/// A vendor's key signs its own packages only: Ledgerline signed by the alliance's key
/// (built before the root existed) is refused once the release carries the root, naming
/// the package, the key and the delegation it would need, while the packages delegated to
/// that key verify; an index signed by a vendor's key is refused.
#[test]
fn a_key_signs_only_what_its_delegation_covers() {
    let a = Alliance::new(&["founder-a", "release", "abacus"]);
    a.set_trust(
        "  root: { keys: [keys/founder-a.pub], threshold: 1 }\n  index: { keys: [keys/release.pub] }\n  vendors:\n    - { name: abacus, keys: [keys/abacus.pub], packages: [ledgerline] }\n    - { name: alliance, keys: [keys/release.pub], packages: [\"*\"] }\n",
    );
    // Built and signed whole by the alliance's key, before there is a root.
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    a.init();
    a.sign(1, &["founder-a"]);
    common::copy_tree(&a.root().join("root"), &a.dist().join("root"));
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let release = key_id(&a, "release");
    let abacus = key_id(&a, "abacus");
    assert_refused(
        &a.user(&["verify", arg(&a.dist().join("ledgerline-4.2.0.zip"))]),
        &[&format!(
            "signed by key {release}, which root version 1 does not trust for package `ledgerline`; `ledgerline` needs a key of vendor `abacus`: abacus ({abacus})"
        )],
    );
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist().join("moatkeeper-7.0.3.zip"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    // The index re-signed by Abacus's key, its trusted comment kept.
    let index = a.dist().join("release.yaml");
    let signature = std::fs::read_to_string(a.dist().join("release.yaml.minisig")).expect("sig");
    let comment = signature
        .lines()
        .find_map(|l| l.strip_prefix("trusted comment: "))
        .expect("a trusted comment");
    let key = alliance::sign::SigningKey::open(
        a.root(),
        &alliance::sign::KeySource {
            secret_key: Some(a.secret("abacus")),
            allow_in_workspace: true,
            ..Default::default()
        },
    )
    .expect("abacus key");
    let forged = key
        .sign(&std::fs::read(&index).expect("index"), comment)
        .expect("signs");
    std::fs::write(a.dist().join("release.yaml.minisig"), forged).expect("write");
    assert_refused(
        &a.user(&["verify", arg(&a.dist())]),
        &[&format!(
            "signed by key {abacus}, which is none of the trusted keys release ({release})"
        )],
    );
}

/// A vendor's workspace: a copy of the alliance's (its root chain and public keys, no
/// secret key); `alliance package PACKAGE --secret-key` with the vendor's own key there.
fn vendor_builds(a: &Alliance, vendor: &str, package: &str, with_root: bool) -> tempfile::TempDir {
    let ws = tempfile::tempdir().expect("dir");
    common::copy_tree(a.root(), ws.path());
    let _ = std::fs::remove_dir_all(ws.path().join("dist"));
    let _ = std::fs::remove_dir_all(ws.path().join(".alliance"));
    if !with_root {
        std::fs::remove_dir_all(ws.path().join("root")).expect("no root");
    }
    let secret = a.secret(vendor);
    let (code, stdout, stderr) = common::run(
        ws.path(),
        &["package", package, "--secret-key", arg(&secret)],
    );
    assert_eq!(code, Some(0), "{vendor}: {stdout}{stderr}");
    if with_root {
        assert!(
            stderr.contains("is no `index` key of root version 1"),
            "{stderr}"
        );
    }
    ws
}

/// Issue 26, item 5: three vendors build and sign their own packages in their own
/// workspaces, each with its own key and no other secret; the alliance's key builds the
/// rest, leaves theirs to them, takes their folders in (`release --contribution`) and signs
/// the index. The merged release verifies and installs with only root 1 pinned. A
/// contribution signed by a vendor outside its delegation is refused.
/// An alliance whose root (version 1, pinned by the user) delegates Ledgerline to
/// `abacus`, Moatkeeper to `moat`, Quillstone to `quill` and the rest to the alliance's
/// `release` key.
fn federated_alliance() -> Alliance {
    let a = Alliance::new(&["founder-a", "release", "abacus", "moat", "quill"]);
    a.set_trust(
        "  root: { keys: [keys/founder-a.pub], threshold: 1 }\n  index: { keys: [keys/release.pub] }\n  vendors:\n    - { name: abacus, keys: [keys/abacus.pub], packages: [ledgerline] }\n    - { name: moat, keys: [keys/moat.pub], packages: [\"moat*\"] }\n    - { name: quill, keys: [keys/quill.pub], packages: [\"quill*\"] }\n    - { name: alliance, keys: [keys/release.pub], packages: [\"*\"] }\n",
    );
    a.init();
    a.sign(1, &["founder-a"]);
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    a
}

#[test]
fn a_release_merged_from_three_vendors_verifies_with_only_root_1_pinned() {
    let a = federated_alliance();
    // Alone, the alliance's key leaves the vendors' packages out, and says so.
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("left to their vendors")
            && stderr.contains("ledgerline-4.2.0.zip (abacus: not in this release")
            && stderr.contains("moatkeeper-7.0.3.zip (moat: not in this release")
            && stderr.contains("quillstone-office-2024.3.1.zip (quill: not in this release"),
        "{stderr}"
    );
    assert!(!a.dist().join("ledgerline-4.2.0.zip").exists());

    let abacus = vendor_builds(&a, "abacus", "ledgerline", true);
    let moat = vendor_builds(&a, "moat", "moatkeeper", true);
    let quill = vendor_builds(&a, "quill", "quillstone-office", true);
    let folder = |ws: &tempfile::TempDir| ws.path().join("dist/1995.08");
    let (code, stdout, stderr) = common::run(
        a.root(),
        &[
            "release",
            "--secret-key",
            arg(&a.secret("release")),
            "--contribution",
            arg(&folder(&abacus)),
            "--contribution",
            arg(&folder(&moat)),
            "--contribution",
            arg(&folder(&quill)),
        ],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist())]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("17 of 17 artifacts verified"), "{stdout}");
    for (artifact, vendor) in [
        ("ledgerline-4.2.0.zip", "abacus"),
        ("moatkeeper-7.0.3.zip", "moat"),
        ("quillstone-office-2024.3.1.zip", "quill"),
    ] {
        let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist().join(artifact))]);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
        assert!(
            stdout.contains(&format!("made by key {vendor} (")),
            "{stdout}"
        );
    }
    let prefix = tempfile::tempdir().expect("dir");
    let (code, stdout, stderr) = a.user(&[
        "install",
        arg(&a.dist().join("quillstone-office-2024.3.1.zip")),
        "--prefix",
        arg(&prefix.path().join("quill")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}

/// A contribution signed by a vendor outside its delegation (Moat's key signing Abacus's
/// Ledgerline, in a workspace without the root) is refused, and nothing is written.
#[test]
fn a_contribution_signed_outside_its_delegation_is_refused() {
    let a = federated_alliance();
    let folder = |ws: &tempfile::TempDir| ws.path().join("dist/1995.08");
    let rogue = vendor_builds(&a, "moat", "ledgerline", false);
    let moat_id = key_id(&a, "moat");
    let refused = common::run(
        a.root(),
        &[
            "release",
            "--secret-key",
            arg(&a.secret("release")),
            "--contribution",
            arg(&folder(&rogue)),
        ],
    );
    assert_refused(
        &refused,
        &[
            &format!(
                "signed by key {moat_id}, which root version 1 does not trust for package `ledgerline`; `ledgerline` needs a key of vendor `abacus`"
            ),
            "nothing was written",
        ],
    );
}

/// Without `trust:` nor a pinned root, nothing changes: the sample releases as before and
/// carries no chain.
#[test]
fn a_workspace_without_trust_carries_no_root() {
    let ws = sample_workspace();
    let dist = common::release(ws.path());
    assert!(!dist.join("root").exists());
    let refused = common::refused(ws.path(), &["root", "init"]);
    assert!(
        refused.contains("alliance.yaml has no `trust:` section"),
        "{refused}"
    );
}

/// Issue 26, item 3, over the network: a user who pinned root 1 (and no key) installs from
/// a mirror's channel a release whose index key root 2 replaced, follows the chain the
/// mirror serves (beside the channel) and keeps root 2; `upgrade` follows root 3 (the
/// index key replaced again) to the next release; `mirror` copies the chain with the
/// release, and the copy verifies with the root alone.
#[test]
fn a_mirror_s_chain_is_followed_by_install_from_and_copied_by_mirror() {
    let a = Alliance::new(&[
        "founder-a",
        "founder-b",
        "founder-c",
        "release",
        "release2",
        "release3",
    ]);
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-c"], "release"));
    a.init();
    a.sign(1, &["founder-a", "founder-b"]);
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-c"], "release2"));
    a.init();
    a.sign(2, &["founder-b", "founder-c"]);
    let (code, stdout, stderr) = a.release("release2");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        a.root().join("dist/root/2.yaml").is_file(),
        "no chain beside the channel"
    );

    let server = crate::http::Server::serve(&a.root().join("dist"));
    let prefix = tempfile::tempdir().expect("dir");
    let channel = format!("{}/channel.yaml", server.url());
    let (code, stdout, stderr) = a.user(&[
        "install",
        "ledgerline",
        "--from",
        &channel,
        "--prefix",
        arg(&prefix.path().join("ledgerline")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert_eq!(a.pinned_version(), "2");

    // Root 3 replaces the index key again; `upgrade` follows it to Ledgerline 4.3.0.
    a.set_trust(&roles(&["founder-a", "founder-b", "founder-c"], "release3"));
    a.init();
    a.sign(3, &["founder-a", "founder-c"]);
    common::set_release(a.root(), "1995.09", "4.3.0");
    let (code, stdout, stderr) = a.release("release3");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let (code, stdout, stderr) = a.user(&[
        "upgrade",
        "--prefix",
        arg(&prefix.path().join("ledgerline")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("4.3.0"), "{stdout}");
    assert_eq!(a.pinned_version(), "3");

    let copy = tempfile::tempdir().expect("dir");
    let (code, stdout, stderr) = a.user(&[
        "mirror",
        &format!("{}/1995.09", server.url()),
        arg(&copy.path().join("1995.09")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(copy.path().join("1995.09/root/1.yaml").is_file());
    assert!(copy.path().join("1995.09/root/3.yaml").is_file());
    let (code, stdout, stderr) = a.user(&["verify", arg(&copy.path().join("1995.09"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}

/// The interface's other way: a vendor signs its package into the alliance's own release
/// folder (`package ledgerline --secret-key abacus.key` in the alliance's workspace, which
/// says the folder is now a contribution), and the alliance's next `release` keeps it as
/// the vendor signed it and signs the index; the whole release verifies with root 1.
#[test]
fn a_vendor_signs_its_package_into_the_alliance_s_release_folder() {
    let a = federated_alliance();
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    for (vendor, package) in [
        ("abacus", "ledgerline"),
        ("moat", "moatkeeper"),
        ("quill", "quillstone-office"),
    ] {
        let secret = a.secret(vendor);
        let (code, stdout, stderr) = common::run(
            a.root(),
            &["package", package, "--secret-key", arg(&secret)],
        );
        assert_eq!(code, Some(0), "{vendor}: {stdout}{stderr}");
        assert!(
            stderr.contains("is no `index` key of root version 1"),
            "{stderr}"
        );
    }
    let (code, stdout, stderr) = a.release("release");
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("ledgerline-4.2.0.zip (abacus: as its vendor signed it)"),
        "{stderr}"
    );
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist())]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("17 of 17 artifacts verified"), "{stdout}");
}

/// A threshold of two: the index needs both index keys, Ledgerline both of Abacus's keys,
/// each second signature a file of its own (`alliance cosign`, checked by stock
/// `minisign -Vm`). One signature is refused, naming the role, the keys and the version;
/// with both, the release verifies, installs over HTTP and mirrors with the co-signatures.
#[test]
fn a_threshold_of_two_needs_a_cosignature_of_the_index_and_of_the_vendor() {
    common::require_tool("minisign");
    let a = Alliance::new(&["founder-a", "release", "release-b", "abacus", "abacus-b"]);
    a.set_trust(
        "  root: { keys: [keys/founder-a.pub], threshold: 1 }\n  index: { keys: [keys/release.pub, keys/release-b.pub], threshold: 2 }\n  vendors:\n    - { name: abacus, keys: [keys/abacus.pub, keys/abacus-b.pub], threshold: 2, packages: [ledgerline] }\n    - { name: alliance, keys: [keys/release.pub], packages: [\"*\"] }\n",
    );
    a.init();
    a.sign(1, &["founder-a"]);
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&a.root().join("root/1.yaml"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let cosign = |key: &str| {
        let secret = a.secret(key);
        let (code, stdout, stderr) = common::run(
            a.root(),
            &["cosign", "dist/1995.08", "--secret-key", arg(&secret)],
        );
        assert_eq!(code, Some(0), "{key}: {stdout}{stderr}");
    };
    let run = |args: &[&str]| {
        let (code, stdout, stderr) = common::run(a.root(), args);
        assert_eq!(code, Some(0), "{stdout}{stderr}");
    };
    run(&["release", "--secret-key", arg(&a.secret("release"))]);
    run(&[
        "package",
        "ledgerline",
        "--secret-key",
        arg(&a.secret("abacus")),
    ]);
    let ledgerline = a.dist().join("ledgerline-4.2.0.zip");
    assert_refused(
        &a.user(&["verify", arg(&ledgerline)]),
        &[
            "`ledgerline-4.2.0.zip` is signed by 1 of vendor `abacus` of root version 1, and needs 2",
        ],
    );
    cosign("abacus-b");
    let (code, stdout, stderr) = a.user(&["verify", arg(&ledgerline)]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    run(&["release", "--secret-key", arg(&a.secret("release"))]);
    assert_refused(
        &a.user(&["verify", arg(&a.dist())]),
        &["`release.yaml` is signed by 1 of the `index` role of root version 1, and needs 2"],
    );
    cosign("release-b");
    let (code, stdout, stderr) = a.user(&["verify", arg(&a.dist())]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let release_b = key_id(&a, "release-b");
    let cosignature = format!("release.yaml.{release_b}.minisig");
    let public = a.root().join("keys/release-b.pub");
    common::run_tool(
        &a.dist(),
        "minisign",
        &[
            "-Vm",
            "release.yaml",
            "-x",
            &cosignature,
            "-p",
            arg(&public),
        ],
    );

    installs_and_mirrors_over_http(&a, &cosignature);
}

/// `install ledgerline --from` the release `a` serves over HTTP, and `mirror` of it, which
/// keeps the co-signature `cosignature`; the copy verifies.
fn installs_and_mirrors_over_http(a: &Alliance, cosignature: &str) {
    let server = crate::http::Server::serve(&a.root().join("dist"));
    let prefix = tempfile::tempdir().expect("dir");
    let (code, stdout, stderr) = a.user(&[
        "install",
        "ledgerline",
        "--from",
        &format!("{}/1995.08", server.url()),
        "--prefix",
        arg(&prefix.path().join("ledgerline")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let copy = tempfile::tempdir().expect("dir");
    let (code, stdout, stderr) = a.user(&[
        "mirror",
        &format!("{}/1995.08", server.url()),
        arg(&copy.path().join("1995.08")),
    ]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(copy.path().join(format!("1995.08/{cosignature}")).is_file());
    let (code, stdout, stderr) = a.user(&["verify", arg(&copy.path().join("1995.08"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}

/// A root file is untrusted input: a vendor's name carrying a terminal escape sequence is
/// refused, and the refusal shows it escaped, never raw.
#[test]
fn a_root_with_an_escape_sequence_in_a_name_is_refused_and_shown_escaped() {
    let a = Alliance::new(&["founder-a", "release"]);
    a.set_trust(&roles(&["founder-a"], "release").replace("threshold: 2", "threshold: 1"));
    a.init();
    let path = a.root().join("root/1.yaml");
    let text = std::fs::read_to_string(&path).expect("root");
    std::fs::write(
        &path,
        text.replace("- name: alliance", "- name: \"al\\e[31mliance\""),
    )
    .expect("write");
    let (code, stdout, stderr) = common::run(a.root(), &["root", "show", "root/1.yaml"]);
    let all = format!("{stdout}{stderr}");
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("a vendor is named"), "{all}");
    assert!(
        !all.contains('\u{1b}'),
        "a raw escape reached the terminal: {all:?}"
    );
}

/// The attacker's pass: a folder that carries a root of its own (Mallory's, delegating
/// Ledgerline to his key and Abacus's, two needed) is never co-signed by Abacus, whose
/// `cosign` checks it against the alliance's root; a folder without `root/` is still judged
/// by the pinned root, never by a store key alone; and a pinned root is replaced only by
/// one that follows from it, or with `--replace`.
#[test]
fn an_attacker_s_root_a_missing_chain_and_a_foreign_root_gain_nothing() {
    let a = federated_alliance();
    let mallory = Alliance::new(&["m-founder", "mallory"]);
    std::fs::copy(
        a.root().join("keys/abacus.pub"),
        mallory.root().join("keys/abacus.pub"),
    )
    .expect("abacus's public key");
    mallory.set_trust(
        "  root: { keys: [keys/m-founder.pub], threshold: 1 }\n  index: { keys: [keys/mallory.pub] }\n  vendors:\n    - { name: abacus, keys: [keys/mallory.pub, keys/abacus.pub], threshold: 2, packages: [ledgerline] }\n    - { name: m, keys: [keys/mallory.pub], packages: [\"*\"] }\n",
    );
    mallory.init();
    mallory.sign(1, &["m-founder"]);
    let secret = mallory.secret("mallory");
    let (code, stdout, stderr) = common::run(
        mallory.root(),
        &["package", "ledgerline", "--secret-key", arg(&secret)],
    );
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let abacus = a.secret("abacus");
    let refused = common::run(
        a.root(),
        &["cosign", arg(&mallory.dist()), "--secret-key", arg(&abacus)],
    );
    assert_refused(
        &refused,
        &["root version 1 here is not the root version 1 you trust"],
    );
    assert!(
        !std::fs::read_dir(mallory.dist()).expect("dist").any(|e| e
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .contains(&key_id(&a, "abacus"))),
        "a co-signature by Abacus was written"
    );

    // Abacus's key in the user's store too; Moatkeeper signed by it, in a folder without
    // `root/`: the pinned root still decides.
    let (code, stdout, stderr) = a.user(&["trust", "add", arg(&a.root().join("keys/abacus.pub"))]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let rogue = vendor_builds(&a, "abacus", "moatkeeper", false);
    let moatkeeper = rogue.path().join("dist/1995.08/moatkeeper-7.0.3.zip");
    assert_refused(
        &a.user(&["verify", arg(&moatkeeper)]),
        &["does not trust for package `moatkeeper`"],
    );

    // Mallory's root, self-signed, offered in place of the pinned one.
    let foreign = mallory.root().join("root/1.yaml");
    assert_refused(
        &a.user(&["trust", "add-root", arg(&foreign)]),
        &["you already trust root version 1, and root version 1 does not follow from it"],
    );
    let (code, stdout, stderr) = a.user(&["trust", "add-root", arg(&foreign), "--replace"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
}
