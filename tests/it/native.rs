//! Issue 30: native packages. A package that asks for `formats: [zip, deb]` gets a Debian
//! package beside its installer, which Debian's own tools accept (`dpkg-deb`, `lintian`,
//! `dpkg --root`), reproducible to the byte, signed and listed like every artifact.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::*;

const DEB: &str = "ledgerline_4.2.0_all.deb";

/// The sample workspace with Ledgerline built as a zip and a Debian package.
fn deb_workspace() -> tempfile::TempDir {
    let ws = sample_workspace();
    edit_file(
        ws.path(),
        "packages/ledgerline/package.yaml",
        "targets: [unix, windows]\n",
        "targets: [unix, windows]\nformats: [zip, deb]\nmaintainer: Abacus Row Software <packages@ledgerline.example>\ndepends:\n  deb: [\"libc6 (>= 2.31)\", \"fonts-dejavu-core | fonts-liberation2\"]\n",
    );
    ws
}

/// `alliance package ledgerline` in `root` with `epoch`, asserting success; the release folder.
fn package(root: &Path, epoch: &str) -> PathBuf {
    let output = alliance(root)
        .env("SOURCE_DATE_EPOCH", epoch)
        .args(["package", "ledgerline"])
        .output()
        .expect("runs");
    assert_success(&output);
    root.join("dist/1995.08")
}

/// The manifest's files of the Debian package: path → (mode, SHA-256, size).
fn manifest_files(dir: &Path) -> std::collections::BTreeMap<String, (u32, String, u64)> {
    let text =
        std::fs::read_to_string(dir.join("ledgerline_4.2.0_all.manifest.yaml")).expect("manifest");
    let manifest: serde_json::Value = serde_saphyr::from_str(&text).expect("yaml");
    assert_eq!(manifest["kind"], "deb", "{text}");
    manifest["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let mode = u32::from_str_radix(f["mode"].as_str().expect("mode"), 8).expect("octal");
            (
                f["path"].as_str().expect("path").to_string(),
                (
                    mode,
                    f["sha256"].as_str().expect("sha").to_string(),
                    f["size"].as_u64().expect("size"),
                ),
            )
        })
        .collect()
}

#[test]
fn a_deb_is_what_dpkg_deb_and_lintian_accept_signed_and_the_same_bytes_each_time() {
    require_tool("dpkg-deb");
    require_tool("lintian");
    require_tool("minisign");
    let ws = deb_workspace();
    let dir = package(ws.path(), "809222400");
    let deb = dir.join(DEB);
    let first = std::fs::read(&deb).expect("a .deb beside the zip");
    assert!(dir.join("ledgerline-4.2.0.zip").is_file());

    // Control fields as the package defines them, in Debian's spelling.
    let info = run_tool(&dir, "dpkg-deb", &["--info", DEB]);
    for field in [
        "Package: ledgerline\n",
        "Version: 4.2.0\n",
        "Architecture: all\n",
        "Maintainer: Abacus Row Software <packages@ledgerline.example>\n",
        "Depends: libc6 (>= 2.31), fonts-dejavu-core | fonts-liberation2\n",
        "Homepage: https://ledgerline.example\n",
        "Description: Double-entry bookkeeping for shops and small firms\n",
    ] {
        assert!(info.contains(field), "no `{}` in:\n{info}", field.trim());
    }
    let field = run_tool(&dir, "dpkg-deb", &["--field", DEB, "Package"]);
    assert_eq!(field, "ledgerline\n");

    let manifest = contents_are_the_manifest(&dir);
    lintian_finds_no_error(&dir);

    // Signed and listed like every artifact: minisign, sha256sum and alliance verify agree.
    run_tool(&dir, "minisign", &["-V", "-p", "minisign.pub", "-m", DEB]);
    let sums = run_tool(&dir, "sha256sum", &["-c", "--ignore-missing", "SHA256SUMS"]);
    assert!(sums.contains(&format!("{DEB}: OK")), "{sums}");
    let (code, stdout, stderr) = run(ws.path(), &["verify", "--allow-dev", "dist/1995.08"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("{} files match the manifest", manifest.len())),
        "{stdout}"
    );

    // The same inputs give the same bytes; another SOURCE_DATE_EPOCH, other bytes.
    std::fs::remove_dir_all(ws.path().join("dist")).expect("clean");
    assert_eq!(
        std::fs::read(package(ws.path(), "809222400").join(DEB)).expect("again"),
        first
    );
    std::fs::remove_dir_all(ws.path().join("dist")).expect("clean");
    let later = package(ws.path(), "809308800").join(DEB);
    assert_ne!(std::fs::read(&later).expect("later"), first);
    let listing = listing(&dir);
    assert!(
        listing.lines().all(|l| l.contains(" 1995-08-25 ")),
        "{listing}"
    );
}

/// Asserts that `dpkg-deb --contents` lists the manifest's files with its modes and sizes,
/// dated the epoch and owned by root, and folders; returns the manifest's files.
fn contents_are_the_manifest(dir: &Path) -> std::collections::BTreeMap<String, (u32, String, u64)> {
    // Its contents are the manifest's files with the manifest's modes, dated the epoch,
    // owned by root; folders aside.
    let manifest = manifest_files(dir);
    assert!(
        manifest.contains_key("opt/ledgerline/bin/ledgerline"),
        "{manifest:?}"
    );
    assert!(manifest.contains_key("usr/share/doc/ledgerline/copyright"));
    let listing = listing(dir);
    let mut listed = std::collections::BTreeMap::new();
    for line in listing.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(fields[1], "root/root", "{line}");
        assert_eq!(fields[3], "1995-08-24", "{line}");
        let path = fields[5].strip_prefix("./").expect("./");
        if fields[0].starts_with('-') {
            listed.insert(
                path.to_string(),
                (
                    fields[0].to_string(),
                    fields[2].parse::<u64>().expect("size"),
                ),
            );
        } else {
            assert!(fields[0].starts_with('d'), "only files and folders: {line}");
        }
    }
    let expected: std::collections::BTreeMap<String, (String, u64)> = manifest
        .iter()
        .map(|(path, (mode, _, size))| (path.clone(), (permissions(*mode), *size)))
        .collect();
    assert_eq!(listed, expected);

    manifest
}

/// Asserts that lintian finds no error in the package: the warnings are the two the README
/// lists and justifies, and the overrides are the package's own.
fn lintian_finds_no_error(dir: &Path) {
    // lintian: no error; the warnings are the two the README lists and justifies.
    let lint = Command::new("lintian")
        .args(["--show-overrides", DEB])
        .current_dir(dir)
        .output()
        .expect("lintian runs");
    let said = String::from_utf8_lossy(&lint.stdout).into_owned();
    let tags: Vec<&str> = said
        .lines()
        .filter(|l| l.starts_with("E:") || l.starts_with("W:"))
        .collect();
    assert_eq!(
        tags,
        [
            "W: ledgerline: copyright-without-copyright-notice",
            "W: ledgerline: executable-not-elf-or-script [opt/ledgerline/bin/ledgerline.cmd]",
        ],
        "{said}{}",
        String::from_utf8_lossy(&lint.stderr)
    );
    assert!(
        said.contains("O: ledgerline: dir-or-file-in-opt [opt/ledgerline/]"),
        "{said}"
    );
    assert!(
        said.contains("O: ledgerline: non-etc-file-marked-as-conffile"),
        "{said}"
    );
}

/// `dpkg-deb --contents` of the package in `dir`, its times in UTC (it prints local times).
fn listing(dir: &Path) -> String {
    let output = Command::new("dpkg-deb")
        .args(["--contents", DEB])
        .current_dir(dir)
        .env("TZ", "UTC")
        .output()
        .expect("dpkg-deb runs");
    assert_success(&output);
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `ls -l`'s spelling of a regular file's `mode`.
fn permissions(mode: u32) -> String {
    let mut text = String::from("-");
    for shift in [6, 3, 0] {
        let bits = (mode >> shift) & 7;
        text.push(if bits & 4 != 0 { 'r' } else { '-' });
        text.push(if bits & 2 != 0 { 'w' } else { '-' });
        text.push(if bits & 1 != 0 { 'x' } else { '-' });
    }
    text
}

/// A scratch root dpkg can install into without touching the system.
fn scratch_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().expect("root");
    for dir in [
        "var/lib/dpkg/info",
        "var/lib/dpkg/updates",
        "var/lib/dpkg/triggers",
    ] {
        std::fs::create_dir_all(root.path().join(dir)).expect("dpkg folders");
    }
    std::fs::write(root.path().join("var/lib/dpkg/status"), "").expect("status");
    root
}

fn dpkg(root: &Path, args: &[&str]) -> String {
    let mut all = vec![
        format!("--root={}", root.display()),
        "--log=/dev/null".to_string(),
        // The scratch root has no libc6 to satisfy `Depends`.
        "--force-depends".to_string(),
    ];
    all.extend(args.iter().map(|a| a.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    run_tool(root, "dpkg", &all)
}

/// Every file under `root` but dpkg's database, by path from the root.
fn installed(root: &Path) -> Vec<String> {
    walk(root)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            p.strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|p| !p.starts_with("var/lib/dpkg/"))
        .collect()
}

#[test]
fn dpkg_installs_exactly_the_manifest_s_files_and_removal_leaves_only_the_changed_config() {
    require_tool("dpkg");
    let ws = deb_workspace();
    let dir = package(ws.path(), "809222400");
    let manifest = manifest_files(&dir);
    let root = scratch_root();
    let said = dpkg(root.path(), &["-i", arg(&dir.join(DEB))]);
    assert!(said.contains("Setting up ledgerline (4.2.0)"), "{said}");

    let mut files = installed(root.path());
    files.sort();
    let listed: Vec<String> = manifest.keys().cloned().collect();
    assert_eq!(files, listed);
    for (path, (mode, sha256, size)) in &manifest {
        let at = root.path().join(path);
        let meta = std::fs::metadata(&at).expect("installed");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(meta.permissions().mode() & 0o7777, *mode, "{path}");
        assert_eq!(meta.len(), *size, "{path}");
        let bytes = std::fs::read(&at).expect("read");
        assert_eq!(&crate::common::sha256(&bytes), sha256, "{path}");
    }
    // dpkg's own check of what it installed, by the package's md5sums: nothing differs.
    let verified = dpkg(root.path(), &["--verify", "ledgerline"]);
    assert_eq!(verified, "");

    // The configuration file is a conffile: the user's change to it survives removal, and
    // nothing else of the package does.
    let ini = "opt/ledgerline/etc/ledgerline.ini";
    let mut text = std::fs::read_to_string(root.path().join(ini)).expect("ini");
    text.push_str("currency = EUR\n");
    std::fs::write(root.path().join(ini), &text).expect("user's change");
    dpkg(root.path(), &["-r", "ledgerline"]);
    assert_eq!(installed(root.path()), [ini]);
    assert_eq!(
        std::fs::read_to_string(root.path().join(ini)).expect("kept"),
        text
    );
    dpkg(root.path(), &["-P", "ledgerline"]);
    assert_eq!(installed(root.path()), Vec::<String>::new());
}

#[test]
fn a_vendor_s_scripts_run_from_dpkg_s_maintainer_scripts_with_alliance_s_environment() {
    require_tool("dpkg-deb");
    let ws = deb_workspace();
    let pkg = ws.path().join("packages/ledgerline");
    std::fs::write(
        pkg.join("post-install.sh"),
        "#!/bin/sh\necho \"set up $ALLIANCE_PACKAGE in $1\"\n",
    )
    .expect("script");
    std::fs::write(pkg.join("pre-remove.sh"), "#!/bin/sh\necho bye\n").expect("script");
    let yaml = pkg.join("package.yaml");
    let mut text = std::fs::read_to_string(&yaml).expect("yaml");
    text.push_str("scripts:\n  post_install:\n    unix: post-install.sh\n  pre_remove:\n    unix: pre-remove.sh\n");
    std::fs::write(&yaml, text).expect("yaml");
    let dir = package(ws.path(), "809222400");
    let control = tempfile::tempdir().expect("control");
    run_tool(&dir, "dpkg-deb", &["--control", DEB, arg(control.path())]);
    let postinst = std::fs::read_to_string(control.path().join("postinst")).expect("postinst");
    assert!(postinst.starts_with("#!/bin/sh\n"), "{postinst}");
    assert!(postinst.contains("if [ \"$1\" = configure ]"), "{postinst}");
    assert!(
        postinst.contains("ALLIANCE_PACKAGE='ledgerline'"),
        "{postinst}"
    );
    assert!(
        postinst
            .contains("sh '/opt/ledgerline/.alliance-scripts/post-install.sh' '/opt/ledgerline'"),
        "{postinst}"
    );
    let prerm = std::fs::read_to_string(control.path().join("prerm")).expect("prerm");
    assert!(prerm.contains("if [ \"$1\" = remove ]"), "{prerm}");

    // Run as dpkg would on `configure`, with the script where the package puts it.
    let prefix = tempfile::tempdir().expect("prefix");
    let script = postinst.replace("/opt/ledgerline", &prefix.path().display().to_string());
    std::fs::create_dir_all(prefix.path().join(".alliance-scripts")).expect("dir");
    std::fs::copy(
        pkg.join("post-install.sh"),
        prefix.path().join(".alliance-scripts/post-install.sh"),
    )
    .expect("copy");
    let out = Command::new("sh")
        .args(["-c", &script, "postinst", "configure"])
        .output()
        .expect("sh");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!("set up ledgerline in {}\n", prefix.path().display())
    );
    let listing = listing(&dir);
    assert!(
        listing.contains("-rwxr-xr-x root/root")
            && listing.contains("./opt/ledgerline/.alliance-scripts/post-install.sh"),
        "{listing}"
    );
}

#[test]
fn what_a_debian_package_cannot_take_is_refused_naming_the_field() {
    for (from, to, says) in [
        (
            "version: 4.2.0",
            "version: 4.2.0-rc-1",
            "version `4.2.0-rc-1` cannot be a Debian version",
        ),
        (
            "\"libc6 (>= 2.31)\"",
            "\"libc6 >= 2.31\"",
            "in `depends.deb`: `>= 2.31` after `libc6` should be a version in brackets",
        ),
        (
            "\"libc6 (>= 2.31)\"",
            "\"LibC6\"",
            "`LibC6` is not a Debian package name",
        ),
        (
            "unix: /opt/ledgerline",
            "unix: /etc/ledgerline",
            "`prefix.unix`: `/etc/ledgerline` is not a folder a Debian package may install into",
        ),
        (
            "maintainer: Abacus Row Software <packages@ledgerline.example>",
            "maintainer: Abacus Row",
            "`Abacus Row` is not a maintainer as Debian writes one",
        ),
        (
            "formats: [zip, deb]",
            "formats: [zip, deb, rpm]",
            "`rpm` packages are not built yet",
        ),
        (
            "homepage: https://ledgerline.example",
            "homepage: \"https://ledgerline.example\\nEssential: yes\"",
            "`homepage` holds a line end or control character",
        ),
        (
            "formats: [zip, deb]",
            "formats: [zip, dep]",
            "`dep` is not a format",
        ),
    ] {
        let ws = deb_workspace();
        edit_file(ws.path(), "packages/ledgerline/package.yaml", from, to);
        let stderr = refused(ws.path(), &["package", "ledgerline"]);
        assert!(stderr.contains(says), "{to}:\n{stderr}");
        assert!(
            stderr.contains("packages/ledgerline/package.yaml"),
            "{stderr}"
        );
        assert!(
            !ws.path().join("dist").exists(),
            "{to}: something was written"
        );
    }
    // A line and column where the value is.
    let ws = deb_workspace();
    edit_file(
        ws.path(),
        "packages/ledgerline/package.yaml",
        "version: 4.2.0",
        "version: 4.2.0-rc-1",
    );
    let stderr = refused(ws.path(), &["package", "ledgerline"]);
    assert!(stderr.contains("package.yaml:6:10"), "{stderr}");
    // No maintainer at all.
    let ws = deb_workspace();
    edit_file(
        ws.path(),
        "packages/ledgerline/package.yaml",
        "maintainer: Abacus Row Software <packages@ledgerline.example>\n",
        "",
    );
    let stderr = refused(ws.path(), &["package", "ledgerline"]);
    assert!(
        stderr.contains("a Debian package needs a `maintainer`"),
        "{stderr}"
    );
}

#[test]
fn alliance_install_sends_a_deb_to_dpkg() {
    let ws = deb_workspace();
    let dir = package(ws.path(), "809222400");
    let prefix = tempfile::tempdir().expect("prefix");
    let (code, stdout, stderr) = install(
        ws.path(),
        &dir.join(DEB),
        &prefix.path().join("p"),
        &["--key", ".alliance/dev-signing.pub", "--allow-dev"],
    );
    assert_ne!(code, Some(0), "{stdout}{stderr}");
    assert!(
        stderr.contains("is a Debian package: dpkg installs it"),
        "{stderr}"
    );
    assert!(!prefix.path().join("p/opt").exists());
}

#[test]
fn a_dpkg_upgrade_keeps_the_user_s_changed_config_as_alliance_upgrade_does() {
    require_tool("dpkg");
    let ws = deb_workspace();
    let old = package(ws.path(), "809222400").join(DEB);
    let kept = tempfile::tempdir().expect("old");
    let old_deb = kept.path().join(DEB);
    std::fs::copy(&old, &old_deb).expect("keep 4.2.0");
    // 4.3.0 changes a data file and the shipped configuration.
    edit_file(
        ws.path(),
        "packages/ledgerline/package.yaml",
        "version: 4.2.0",
        "version: 4.3.0",
    );
    let files = ws.path().join("packages/ledgerline/files");
    let mut ini = std::fs::read_to_string(files.join("etc/ledgerline.ini")).expect("ini");
    ini.push_str("# 4.3.0\n");
    std::fs::write(files.join("etc/ledgerline.ini"), &ini).expect("new ini");
    std::fs::write(files.join("data/tax-codes.tsv"), "code\trate\nVAT\t20\n").expect("data");
    let new_deb = package(ws.path(), "809222400").join("ledgerline_4.3.0_all.deb");

    let root = scratch_root();
    dpkg(root.path(), &["-i", arg(&old_deb)]);
    let at = root.path().join("opt/ledgerline/etc/ledgerline.ini");
    let mut mine = std::fs::read_to_string(&at).expect("installed ini");
    mine.push_str("currency = EUR\n");
    std::fs::write(&at, &mine).expect("user's change");
    // Non-interactive, as an unattended upgrade runs it: keep the user's configuration.
    let said = dpkg(root.path(), &["--force-confold", "-i", arg(&new_deb)]);
    assert!(
        said.contains("Unpacking ledgerline (4.3.0) over (4.2.0)"),
        "{said}"
    );
    assert_eq!(std::fs::read_to_string(&at).expect("kept"), mine);
    let beside = root
        .path()
        .join("opt/ledgerline/etc/ledgerline.ini.dpkg-dist");
    assert_eq!(
        std::fs::read_to_string(beside).expect("new one beside"),
        ini
    );
    assert_eq!(
        std::fs::read_to_string(root.path().join("opt/ledgerline/data/tax-codes.tsv"))
            .expect("data"),
        "code\trate\nVAT\t20\n"
    );
}

#[test]
fn two_debian_packages_installing_one_path_are_refused() {
    // Two Debian packages installing the same file: dpkg would refuse the second.
    let ws = deb_workspace();
    let other = ws.path().join("packages/ledgerline-pro");
    copy_tree(&ws.path().join("packages/ledgerline"), &other);
    edit_file(
        ws.path(),
        "packages/ledgerline-pro/package.yaml",
        "id: ledgerline",
        "id: ledgerline-pro",
    );
    let stderr = refused(ws.path(), &["package", "--check"]);
    assert!(
        stderr.contains("would install `/opt/ledgerline/bin/ledgerline`, where the Debian package of `ledgerline"),
        "{stderr}"
    );
    assert!(
        stderr.contains("packages/ledgerline-pro/package.yaml"),
        "{stderr}"
    );
}
