//! `alliance bundle` and the messenger bundles of a release (issue 4): complete through
//! fallback, proven to format, compact, within budget, localized READMEs, pseudo-locales
//! and right-to-left locales.

use std::collections::BTreeSet;
use std::path::Path;

use alliance::manifest::{ArtifactManifest, ReleaseIndex};

use crate::common;
use crate::common::{ReleaseKey, alliance, release, sample_workspace};

/// The message and term ids (with attributes as `id.attr`) of Fluent texts, parsed with
/// fluent-syntax; panics on any syntax error.
fn fluent_ids<'a>(texts: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for text in texts {
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, e)| panic!("invalid Fluent: {e:?}\n{text}"));
        for entry in resource.body {
            let (id, attributes) = match entry {
                fluent_syntax::ast::Entry::Message(m) => (m.id.name.to_string(), m.attributes),
                fluent_syntax::ast::Entry::Term(t) => (format!("-{}", t.id.name), t.attributes),
                _ => continue,
            };
            for attribute in attributes {
                ids.insert(format!("{id}.{}", attribute.id.name));
            }
            ids.insert(id);
        }
    }
    ids
}

fn reference_ids(root: &Path) -> BTreeSet<String> {
    let mut texts = Vec::new();
    let ftl = common::walk(&root.join("locales/en-US"));
    for entry in ftl
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
    {
        texts.push(std::fs::read_to_string(entry).expect("ftl"));
    }
    fluent_ids(texts.iter())
}

fn bundle_ids(zip: &Path, tag: &str) -> BTreeSet<String> {
    let texts = common::zip_texts(zip);
    fluent_ids(
        texts
            .iter()
            .filter(|(name, _)| name.contains(&format!("/locales/{tag}/")))
            .map(|(_, t)| t),
    )
}

fn manifest(dir: &Path, stem: &str) -> ArtifactManifest {
    let text =
        std::fs::read_to_string(dir.join(format!("{stem}.manifest.yaml"))).expect("manifest");
    serde_saphyr::from_str(&text).expect("manifest parses")
}

/// The messages the bundle of `tag` in `dir` did not take from a locale: (id, locale, code).
fn rejected(dir: &Path, tag: &str) -> Vec<(String, String, String)> {
    manifest(dir, &format!("spark-messenger-3.2.1-{tag}"))
        .bundle
        .expect("bundle info")
        .rejected
        .into_iter()
        .map(|r| (r.id, r.locale, r.code))
        .collect()
}

/// The bundled `messenger.ftl` of `tag` in `dir`.
fn bundled_messenger(dir: &Path, tag: &str) -> String {
    let stem = format!("spark-messenger-3.2.1-{tag}");
    common::zip_texts(&dir.join(format!("{stem}.zip")))
        .remove(&format!("{stem}/locales/{tag}/messenger.ftl"))
        .expect("messenger.ftl")
}

/// `(id, locale, code)` as owned strings.
fn r(id: &str, locale: &str, code: &str) -> (String, String, String) {
    (id.to_string(), locale.to_string(), code.to_string())
}

#[test]
fn every_sample_bundle_has_every_reference_message_and_fits_the_budget() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let expected = reference_ids(ws.path());
    assert!(expected.len() > 150, "{}", expected.len());
    let index: ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(dir.join("release.yaml")).expect("index"))
            .expect("parses");
    let mut bundles = 0;
    for (name, entry) in &index.artifacts {
        let Some(tag) = &entry.locale else { continue };
        bundles += 1;
        let ids = bundle_ids(&dir.join(name), tag);
        let missing: Vec<&String> = expected.difference(&ids).collect();
        assert!(missing.is_empty(), "{name} lacks {missing:?}");
        assert!(
            entry.size < 270_000,
            "{name} is {} bytes, over 270 KB",
            entry.size
        );
    }
    assert!(bundles >= 12, "{bundles} bundles");
}

#[test]
fn a_half_translated_locale_yields_a_complete_bundle_and_says_where_its_text_came_from() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let ids = bundle_ids(&dir.join("spark-messenger-3.2.1-it.zip"), "it");
    assert_eq!(ids, reference_ids(ws.path()));
    let texts = common::zip_texts(&dir.join("spark-messenger-3.2.1-it.zip"));
    let messenger = &texts["spark-messenger-3.2.1-it/locales/it/messenger.ftl"];
    assert!(
        messenger.contains("login-heading = Benvenuto in { -brand-name }"),
        "Italian where translated"
    );
    assert!(
        messenger.contains("lan-scan =\n    .label = Scan Network"),
        "English where not:\n{messenger}"
    );
    let info = manifest(&dir, "spark-messenger-3.2.1-it")
        .bundle
        .expect("bundle info");
    assert_eq!(info.chain, ["it", "en-US"]);
    // The bundle's figures agree with what `l10n status` says of the locale.
    let status = alliance(ws.path())
        .args(["l10n", "status", "--format", "json"])
        .output()
        .expect("runs");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    let summary = &status["locales"]["it"]["summary"];
    assert_eq!(
        info.taken_from.values().sum::<usize>() as u64,
        summary["total"].as_u64().expect("total")
    );
    assert_eq!(
        info.taken_from["en-US"] as u64,
        summary["missing"].as_u64().expect("missing"),
        "{info:?}"
    );
    assert!(
        info.taken_from["en-US"] > 50,
        "about half comes from English: {info:?}"
    );
    let readme = &texts["spark-messenger-3.2.1-it/README.txt"];
    assert!(
        readme.contains(
            "Any text that has not been translated into Italiano yet is shown in English."
        ),
        "{readme}"
    );
}

#[test]
fn a_configured_chain_takes_what_the_locale_lacks_from_the_next_locale() {
    let ws = sample_workspace();
    // zh-TW loses a message; alliance.yaml says zh-TW falls back to zh-CN.
    let path = ws.path().join("locales/zh-TW/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("ftl");
    let start = text.find("\nlogin-heading =").expect("message") + 1;
    let end = start + text[start..].find('\n').expect("line end") + 1;
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let dir = release(ws.path());
    let info = manifest(&dir, "spark-messenger-3.2.1-zh-TW")
        .bundle
        .expect("bundle info");
    assert_eq!(info.chain, ["zh-TW", "zh-CN", "en-US"]);
    assert_eq!(
        (info.taken_from["zh-CN"], info.taken_from["en-US"]),
        (1, 0),
        "{info:?}"
    );
    let texts = common::zip_texts(&dir.join("spark-messenger-3.2.1-zh-TW.zip"));
    assert!(
        texts["spark-messenger-3.2.1-zh-TW/locales/zh-TW/messenger.ftl"]
            .contains("login-heading = 欢迎使用{ -brand-name }")
    );
}

#[test]
fn an_unconfigured_locale_negotiates_its_fallback() {
    let ws = sample_workspace();
    let dir = ws.path().join("locales/pt-PT");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(
        dir.join("messenger.ftl"),
        "login-heading = Bem-vindo ao { -brand-name }\n",
    )
    .expect("write");
    // Terms are not shared between locales: without its own, the message is rejected.
    std::fs::create_dir_all(dir.join("shared")).expect("dir");
    std::fs::write(dir.join("shared/brand.ftl"), "-brand-name = Spark\n").expect("write");
    let out = release(ws.path());
    let info = manifest(&out, "spark-messenger-3.2.1-pt-PT")
        .bundle
        .expect("bundle info");
    assert_eq!(info.chain, ["pt-PT", "pt-BR", "en-US"]);
    assert_eq!(info.taken_from["pt-PT"], 2, "{info:?}");
    assert!(info.rejected.is_empty(), "{info:?}");
}

/// Makes `about-version` and `about-title` of `file` refer to each other.
fn make_cycle(root: &Path, file: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).expect("ftl");
    let text = text
        .replacen("\nabout-version =", "\nabout-version-old =", 1)
        .replacen("\nabout-title =", "\nabout-title-old =", 1);
    std::fs::write(
        &path,
        format!("{text}about-version = {{ about-title }} {{ $version }}\nabout-title = {{ about-version }}\n"),
    )
    .expect("write");
}

#[test]
fn a_cyclic_reference_in_a_translation_falls_back_and_strict_refuses_it() {
    let ws = sample_workspace();
    make_cycle(ws.path(), "locales/de/messenger.ftl");
    let stderr = common::refused(ws.path(), &["bundle", "de", "--strict"]);
    assert!(
        stderr.contains("formatting `about-version` fails: it refers to itself in a cycle"),
        "{stderr}"
    );
    assert!(stderr.contains("locales/de/messenger.ftl:"), "{stderr}");
    assert!(!ws.path().join("dist").exists());

    let dir = release(ws.path());
    assert_eq!(
        rejected(&dir, "de"),
        [
            r("about-title", "de", "format-error"),
            r("about-version", "de", "format-error")
        ]
    );
}

#[test]
fn a_cyclic_reference_in_the_reference_fails_the_build_naming_each_message_once() {
    let ws = sample_workspace();
    make_cycle(ws.path(), "locales/en-US/messenger.ftl");
    let stderr = common::refused(ws.path(), &["release"]);
    for id in ["about-version", "about-title"] {
        assert_eq!(
            stderr
                .matches(&format!("`{id}`: it refers to itself in a cycle, in the"))
                .count(),
            1,
            "{stderr}"
        );
    }
    assert!(stderr.contains("locales/en-US/messenger.ftl:"), "{stderr}");
    assert!(!ws.path().join("dist").exists());
}

#[test]
fn a_bundle_over_its_budget_fails_with_size_budget_and_largest_entries() {
    let ws = sample_workspace();
    let path = ws.path().join("packages/spark-messenger/package.yaml");
    let text = std::fs::read_to_string(&path).expect("yaml");
    std::fs::write(&path, text.replace("max_size: 270 KB", "max_size: 12 KB")).expect("write");
    let stderr = common::refused(ws.path(), &["release"]);
    let line = stderr
        .lines()
        .find(|l| l.contains("spark-messenger-3.2.1-ar.zip"))
        .expect("the Arabic bundle is named");
    assert!(
        line.contains("over its budget `max_size` of 12000 bytes"),
        "{line}"
    );
    assert!(
        stderr.contains(
            "the largest entries are `spark-messenger-3.2.1-ar/locales/ar/messenger.ftl`"
        ),
        "{stderr}"
    );
}

#[test]
fn bundle_readmes_and_scripts_speak_their_language() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let zh = common::zip_texts(&dir.join("spark-messenger-3.2.1-zh-CN.zip"));
    assert!(
        zh["spark-messenger-3.2.1-zh-CN/README.txt"]
            .starts_with("火花即时通讯（简体中文） 3.2.1\n")
    );
    assert!(
        zh["spark-messenger-3.2.1-zh-CN/install.sh"]
            .contains("echo '正在将 火花即时通讯 3.2.1 安装到 '\"$prefix\"'…'")
    );
    let de = common::zip_texts(&dir.join("spark-messenger-3.2.1-de.zip"));
    assert!(
        de["spark-messenger-3.2.1-de/README.txt"].contains("Dieses Paket spricht Deutsch."),
        "{}",
        de["spark-messenger-3.2.1-de/README.txt"]
    );
    // Vendor installers speak the reference language.
    let ledger = common::zip_texts(&dir.join("ledgerline-4.2.0.zip"));
    assert!(
        ledger["ledgerline-4.2.0/install.sh"]
            .contains("echo 'Installing Ledgerline Accounts 4.2.0 into '\"$prefix\"'…'")
    );
}

#[test]
fn the_localized_install_script_runs_and_reports_in_its_language() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let unpacked = tempfile::tempdir().expect("temp dir");
    let file = std::fs::File::open(dir.join("spark-messenger-3.2.1-ru.zip")).expect("zip");
    zip::ZipArchive::new(file)
        .expect("zip")
        .extract(unpacked.path())
        .expect("extract");
    let prefix = unpacked.path().join("prefix with space");
    let output = std::process::Command::new("sh")
        .arg(unpacked.path().join("spark-messenger-3.2.1-ru/install.sh"))
        .arg("--prefix")
        .arg(&prefix)
        .output()
        .expect("sh runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // In Russian, whatever the language of the machine running it.
    assert!(
        stdout.contains("Установка ") && stdout.contains(&format!(" в {}…", prefix.display())),
        "{stdout}"
    );
    assert!(prefix.join("bin/spark").is_file());
}

#[test]
fn right_to_left_bundles_record_their_direction_and_keep_isolation_marks() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    let ar = manifest(&dir, "spark-messenger-3.2.1-ar")
        .bundle
        .expect("bundle info");
    assert_eq!(ar.direction, alliance::manifest::Direction::Rtl);
    assert_eq!(
        manifest(&dir, "spark-messenger-3.2.1-de")
            .bundle
            .expect("info")
            .direction,
        alliance::manifest::Direction::Ltr
    );
    let texts = common::zip_texts(&dir.join("spark-messenger-3.2.1-ar.zip"));
    let readme = &texts["spark-messenger-3.2.1-ar/README.txt"];
    assert!(
        readme.contains("\u{2068}Spark Team\u{2069}"),
        "placeables isolated:\n{readme}"
    );
    let index = std::fs::read_to_string(dir.join("release.yaml")).expect("index");
    assert!(index.contains("direction: rtl"));
}

#[test]
fn pseudo_locales_are_built_from_the_reference_with_placeables_untouched() {
    let ws = sample_workspace();
    let output = alliance(ws.path())
        .args(["bundle", "--pseudo", "accented", "--pseudo", "bidi"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dir = ws.path().join("dist/1995.08-pseudo");
    let xa = common::zip_texts(&dir.join("spark-messenger-3.2.1-en-XA.zip"));
    let messenger = &xa["spark-messenger-3.2.1-en-XA/locales/en-XA/messenger.ftl"];
    assert!(
        messenger.contains("login-window-title = Şiɠƞ iƞ ŧoo { -brand-name }"),
        "{messenger}"
    );
    assert!(messenger.contains("{ $name }"), "placeables untouched");
    let xb = common::zip_texts(&dir.join("spark-messenger-3.2.1-ar-XB.zip"));
    let bidi = &xb["spark-messenger-3.2.1-ar-XB/locales/ar-XB/messenger.ftl"];
    assert!(bidi.contains("login-window-title = \u{202E}"), "{bidi}");
    assert_eq!(
        bundle_ids(&dir.join("spark-messenger-3.2.1-ar-XB.zip"), "ar-XB"),
        reference_ids(ws.path())
    );
    assert_eq!(
        manifest(&dir, "spark-messenger-3.2.1-ar-XB")
            .bundle
            .expect("info")
            .direction,
        alliance::manifest::Direction::Rtl
    );
    assert_eq!(
        common::artifacts(&dir),
        [
            "spark-messenger-3.2.1-ar-XB.zip",
            "spark-messenger-3.2.1-en-XA.zip"
        ],
        "the pseudo-locales alone"
    );
    assert!(
        !ws.path().join("dist/1995.08").exists(),
        "a pseudo-only run builds no release"
    );
}

/// Replaces every `(from, to)` in `text`, and the time a run took (`in 1.23 s`), for a
/// snapshot.
fn redact(text: &str, replace: &[(&str, &str)]) -> String {
    let mut text = text.to_string();
    for (from, to) in replace {
        text = text.replace(from, to);
    }
    text.lines()
        .map(|line| match (line.find(" in "), line.find(" s, ")) {
            (Some(start), Some(end)) if start < end => {
                format!("{} in [TIME]{}", &line[..start], &line[end + 2..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The scenario (translators' issue, item 3): `bundle --pseudo accented` after a
/// release signed with a release key leaves the release folder byte for byte as it was
/// (the same folder, not a copy), and the pseudo-locale goes into `dist/<release>-pseudo/`,
/// signed with the workspace's development key and marked so: `verify --allow-dev`
/// accepts it in the workspace, the release key never does, and `verify dist/<release>`
/// does not see it.
#[test]
fn pseudo_locales_never_enter_the_signed_index() {
    // A key with a password: the testers' build below must need neither.
    let (ws, dir) = common::signed_release_with(ReleaseKey::Encrypted);
    let before = common::contents(&dir);
    #[cfg(unix)]
    let folder = common::identity(&dir);
    let output = alliance(ws.path())
        .args(["bundle", "--pseudo", "accented"])
        .env("ALLIANCE_SECRET_KEY", ws.secret_key())
        .env("ALLIANCE_KEY_PASSWORD", common::PASSWORD)
        .output()
        .expect("runs");
    common::assert_success(&output);
    assert_eq!(
        common::contents(&dir),
        before,
        "the release folder is byte for byte the same"
    );
    #[cfg(unix)]
    assert_eq!(common::identity(&dir), folder, "and was not replaced");

    let pseudo = ws.path().join("dist/1995.08-pseudo");
    let zip = "spark-messenger-3.2.1-en-XA.zip";
    assert_eq!(common::artifacts(&pseudo), [zip]);
    let dev = common::key_id(&ws.path().join(".alliance/dev-signing.pub"));
    let shop = common::key_id(&ws.path().join("keys/shop.pub"));
    let signature =
        std::fs::read_to_string(pseudo.join(format!("{zip}.minisig"))).expect("signature");
    assert!(
        signature.contains(&format!(
            "trusted comment: file:{zip} release:1995.08-pseudo sha256:"
        )) && signature.contains(" key:development\n"),
        "{signature}"
    );
    let index: ReleaseIndex = serde_saphyr::from_str(
        &std::fs::read_to_string(pseudo.join("release.yaml")).expect("its own index"),
    )
    .expect("parses");
    assert_eq!(index.release, "1995.08-pseudo");
    assert!(index.signed_by.development);
    assert_eq!(index.signed_by.key_id, dev);
    assert!(
        !pseudo.join("index.html").exists(),
        "no download page for testers' builds"
    );
    let size = std::fs::metadata(pseudo.join(zip)).expect("zip").len();
    let replace = [
        (dev.as_str(), "[DEVELOPMENT KEY ID]"),
        (shop.as_str(), "[RELEASE KEY ID]"),
        (&size.to_string(), "[SIZE]"),
        (&index.artifacts[zip].sha256[..16], "[SHA256]"),
    ];
    let stdout = String::from_utf8_lossy(&output.stdout);
    insta::assert_snapshot!("bundle_pseudo_output", redact(&stdout, &replace));

    let artifact = format!("dist/1995.08-pseudo/{zip}");
    let (code, stdout, stderr) = common::run(ws.path(), &["verify", &artifact, "--allow-dev"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    insta::assert_snapshot!("verify_pseudo_allow_dev", redact(&stdout, &replace));
    let (code, stdout, stderr) = common::run(ws.path(), &["verify", &artifact]);
    assert_eq!(code, Some(1), "{stdout}{stderr}");
    insta::assert_snapshot!("verify_pseudo_release_key", redact(&stdout, &replace));
    let (code, stdout, _) =
        common::run(ws.path(), &["verify", &artifact, "--key", "keys/shop.pub"]);
    assert_eq!(code, Some(1), "the release key never accepts it: {stdout}");
    let (code, stdout, stderr) =
        common::run(ws.path(), &["verify", "dist/1995.08-pseudo", "--allow-dev"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");

    let (code, stdout, stderr) = common::run(ws.path(), &["verify", "dist/1995.08"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    assert!(!stdout.contains("en-XA"), "{stdout}");

    // Testers need no release key (nor its password); the folder holds the last run's.
    let output = alliance(ws.path())
        .args(["bundle", "--pseudo", "bidi"])
        .env("ALLIANCE_SECRET_KEY", ws.secret_key())
        .output()
        .expect("runs");
    common::assert_success(&output);
    assert_eq!(common::contents(&dir), before);
    assert_eq!(
        common::artifacts(&pseudo),
        ["spark-messenger-3.2.1-ar-XB.zip"]
    );
}

#[test]
fn bundle_builds_only_the_named_locales() {
    let ws = sample_workspace();
    let output = alliance(ws.path())
        .args(["bundle", "fr", "ja"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let names: Vec<String> = common::artifacts(&ws.path().join("dist/1995.08"));
    assert_eq!(
        names,
        [
            "spark-messenger-3.2.1-fr.zip",
            "spark-messenger-3.2.1-ja.zip"
        ]
    );
    let stderr = common::refused(ws.path(), &["bundle", "fr_FR"]);
    assert!(stderr.contains("there is no locale `fr_FR`"), "{stderr}");
}

#[test]
fn a_message_that_check_rejects_falls_back_is_listed_in_the_manifest_and_warned_about() {
    let ws = sample_workspace();
    let de = "locales/de/messenger.ftl";
    common::edit_file(
        ws.path(),
        de,
        "Anmeldung fehlgeschlagen: { $reason }",
        "Anmeldung fehlgeschlagen: { $grund }",
    );
    let (code, stdout, _) = common::run(ws.path(), &["l10n", "check", "de"]);
    assert_eq!(code, Some(1), "{stdout}");
    assert!(stdout.contains("unknown-variable"), "{stdout}");

    let output = alliance(ws.path()).arg("release").output().expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: `de`: 1 message with errors falls back"),
        "{stderr}"
    );
    let dir = ws.path().join("dist/1995.08");
    let messenger = &bundled_messenger(&dir, "de");
    assert!(!messenger.contains("$grund"), "{messenger}");
    assert!(
        messenger.contains("login-failed-reason = Sign-in failed: { $reason }"),
        "the next locale of the chain: {messenger}"
    );
    assert_eq!(
        rejected(&dir, "de"),
        [r("login-failed-reason", "de", "unknown-variable")]
    );
    // Other bundles have nothing rejected.
    assert_eq!(rejected(&dir, "it"), []);
    // The German README says that some text is shown in English.
    let texts = common::zip_texts(&dir.join("spark-messenger-3.2.1-de.zip"));
    assert!(
        texts["spark-messenger-3.2.1-de/README.txt"]
            .contains("Texte, die noch nicht auf Deutsch übersetzt wurden"),
        "{}",
        texts["spark-messenger-3.2.1-de/README.txt"]
    );
}

#[test]
fn strict_mode_refuses_a_build_with_rejected_messages() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "Anmeldung fehlgeschlagen: { $reason }",
        "Anmeldung fehlgeschlagen: { $grund }",
    );
    let stderr = common::refused(ws.path(), &["bundle", "de", "--strict"]);
    assert!(stderr.contains("locales/de/messenger.ftl:32:"), "{stderr}");
    assert!(stderr.contains("unknown-variable"), "{stderr}");
    assert!(stderr.contains("l10n.strict"), "{stderr}");
    assert!(!ws.path().join("dist").exists());

    common::edit_file(
        ws.path(),
        "alliance.yaml",
        "l10n:\n",
        "l10n:\n  strict: true\n",
    );
    let stderr = common::refused(ws.path(), &["release"]);
    assert!(stderr.contains("locales/de/messenger.ftl:32:"), "{stderr}");
    assert!(!ws.path().join("dist").exists());
}

#[test]
fn coverage_is_the_l10n_status_completion_everywhere() {
    let ws = sample_workspace();
    let (code, _, stderr) = common::run(ws.path(), &["l10n", "add", "uk"]);
    assert_eq!(code, Some(0), "{stderr}");
    let dir = release(ws.path());
    let status = alliance(ws.path())
        .args(["l10n", "status", "--format", "json"])
        .output()
        .expect("runs");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    let index: ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(dir.join("release.yaml")).expect("index"))
            .expect("parses");
    for tag in ["uk", "it", "de", "en-US"] {
        let completion = status["locales"][tag]["summary"]["completion"]
            .as_f64()
            .expect("completion");
        let stem = format!("spark-messenger-3.2.1-{tag}");
        let info = manifest(&dir, &stem).bundle.expect("bundle info");
        assert_eq!(info.translated, completion, "{tag}: manifest");
        let entry = &index.artifacts[&format!("{stem}.zip")];
        assert_eq!(entry.coverage, Some(completion), "{tag}: release.yaml");
    }
    let uk = status["locales"]["uk"]["summary"]["completion"]
        .as_f64()
        .expect("completion");
    assert!(uk < 10.0, "a new locale is barely translated: {uk}");
    let page = std::fs::read_to_string(dir.join("index.html")).expect("page");
    assert!(
        page.contains(&format!("{uk:.1}")),
        "the download page says {uk}"
    );
}

#[test]
fn a_broken_reference_message_is_named_at_its_own_line_once() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "locales/en-US/messenger.ftl",
        "presence-away = Away",
        "presence-away = { -nope }",
    );
    let stderr = common::refused(ws.path(), &["bundle", "de"]);
    assert!(
        stderr.contains("locales/en-US/messenger.ftl:53:1"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("presence-auto-away"),
        "only the broken one: {stderr}"
    );
    assert_eq!(
        stderr
            .matches("`presence-away`: it refers to `-nope`")
            .count(),
        1,
        "once: {stderr}"
    );
}

/// Translators' issue, item 9: `bundle` suggests the locale meant, as `l10n check` does:
/// `jp` is `ja`, `cn` is `zh-CN`.
#[test]
fn bundle_suggests_the_locale_meant() {
    let ws = sample_workspace();
    for (tag, meant) in [("jp", "ja"), ("cn", "zh-CN"), ("zh_tw", "zh-TW")] {
        let stderr = common::refused(ws.path(), &["bundle", tag]);
        assert!(
            stderr.contains(&format!("there is no locale `{tag}`"))
                && stderr.contains(&format!("did you mean `{meant}`?")),
            "{tag}: {stderr}"
        );
        if tag == "jp" {
            // From the diagnostic on (the progress log before it tells the plan's size).
            let diagnostic: Vec<&str> = stderr.lines().skip_while(|l| !l.contains('×')).collect();
            insta::assert_snapshot!("bundle_jp", diagnostic.join("\n"));
        }
    }
    assert!(!ws.path().join("dist").exists());
}

#[test]
fn text_damaged_by_a_wrong_encoding_never_ships() {
    let ws = sample_workspace();
    let path = ws.path().join("locales/de/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("ftl");
    // `presence-busy = Beschäftigt` saved as Latin-1: `ä` is the byte 0xE4; so is the
    // string literal of `presence-invisible`.
    let text = text.replace(
        "presence-invisible = Unsichtbar",
        "presence-invisible = { \"Unsichtbär\" }",
    );
    let mut bytes = Vec::new();
    for line in text.split_inclusive('\n') {
        if line.starts_with("presence-busy =") || line.starts_with("presence-invisible =") {
            bytes.extend(
                line.replace('ä', "\u{1}")
                    .bytes()
                    .map(|b| if b == 1 { 0xE4 } else { b }),
            );
        } else {
            bytes.extend(line.bytes());
        }
    }
    std::fs::write(&path, bytes).expect("write");
    let dir = release(ws.path());
    let messenger = &bundled_messenger(&dir, "de");
    assert!(!messenger.contains('\u{FFFD}'), "{messenger}");
    assert!(messenger.contains("presence-busy = Busy"), "{messenger}");
    assert!(
        messenger.contains("presence-away = Abwesend"),
        "the rest stays German"
    );
    assert!(
        messenger.contains("presence-invisible = Invisible"),
        "{messenger}"
    );
    assert_eq!(
        rejected(&dir, "de"),
        [
            r("presence-busy", "de", "encoding"),
            r("presence-invisible", "de", "encoding"),
            // It refers to `presence-invisible`: rejected with it.
            r("presence-invisible-hint", "de", "encoding")
        ]
    );
}

#[test]
fn a_translation_that_does_not_parse_falls_back_and_strict_refuses_it() {
    let ws = sample_workspace();
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "presence-busy = Beschäftigt",
        "presence-busy = { $x",
    );
    let stderr = common::refused(ws.path(), &["bundle", "de", "--strict"]);
    assert!(
        stderr.contains("`presence-busy` does not parse"),
        "{stderr}"
    );

    let output = alliance(ws.path()).arg("release").output().expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("`presence-busy` (syntax)"), "{stderr}");
    let dir = ws.path().join("dist/1995.08");
    let messenger = &bundled_messenger(&dir, "de");
    assert!(messenger.contains("presence-busy = Busy"), "{messenger}");
    assert_eq!(rejected(&dir, "de"), [r("presence-busy", "de", "syntax")]);
}

#[test]
fn a_bundle_takes_a_message_only_from_the_file_check_compares() {
    let ws = sample_workspace();
    // `login-failed-reason` moved to a file the reference does not have: `l10n check` calls
    // it obsolete there (and checks nothing else of it), so no bundle may take it.
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "login-failed-reason = Anmeldung fehlgeschlagen: { $reason }\n",
        "",
    );
    std::fs::write(
        ws.path().join("locales/de/extra.ftl"),
        "login-failed-reason = Anmeldung fehlgeschlagen: { $grund }\n",
    )
    .expect("write");
    let output = alliance(ws.path()).arg("release").output().expect("runs");
    common::assert_success(&output);
    let dir = ws.path().join("dist/1995.08");
    let messenger = bundled_messenger(&dir, "de");
    assert!(
        messenger.contains("login-failed-reason = Sign-in failed: { $reason }"),
        "{messenger}"
    );
}

#[test]
fn what_refers_to_a_rejected_term_or_message_falls_back_with_it() {
    let ws = sample_workspace();
    // The locale's own term is broken: the message using it cannot be shipped either.
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "login-window-title = Bei { -brand-name } anmelden\n",
        "-marke = { -nirgends }\nlogin-window-title = Bei { -marke } anmelden\n",
    );
    // A reference term the locale gives an attribute of its own, but breaks: the English
    // term has no `.gender`, so the message selecting on it falls back too.
    common::edit_file(
        ws.path(),
        "locales/de/shared/brand.ftl",
        "-brand-name = Spark\n",
        "-brand-name = { -nirgends }\n    .gender = neuter\n",
    );
    common::edit_file(
        ws.path(),
        "locales/de/messenger.ftl",
        "login-heading = Willkommen bei { -brand-name }",
        "login-heading = { -brand-name.gender ->\n        [neuter] Willkommen beim { -brand-name }\n       *[other] Willkommen bei { -brand-name }\n    }",
    );
    let output = alliance(ws.path()).arg("release").output().expect("runs");
    common::assert_success(&output);
    let dir = ws.path().join("dist/1995.08");
    let messenger = bundled_messenger(&dir, "de");
    assert!(!messenger.contains("-marke"), "{messenger}");
    assert!(
        messenger.contains("login-window-title = Sign in to { -brand-name }"),
        "{messenger}"
    );
    assert!(
        messenger.contains("login-heading = Welcome to { -brand-name }"),
        "{messenger}"
    );
    let rejected = rejected(&dir, "de");
    let unique: BTreeSet<(&String, &String)> = rejected.iter().map(|(i, l, _)| (i, l)).collect();
    assert_eq!(
        unique.len(),
        rejected.len(),
        "each named once: {rejected:?}"
    );
    for id in [
        "-brand-name",
        "-marke",
        "login-heading",
        "login-window-title",
    ] {
        assert!(
            rejected.iter().any(|(i, l, _)| i == id && l == "de"),
            "{id}: {rejected:?}"
        );
    }
}

#[test]
fn strict_refuses_what_a_bundle_would_take_from_any_locale_of_its_chain() {
    let ws = sample_workspace();
    // zh-TW falls back to zh-CN (alliance.yaml); a zh-CN message is broken.
    common::edit_file(
        ws.path(),
        "locales/zh-TW/messenger.ftl",
        "\nlogin-heading =",
        "\nlogin-heading-old =",
    );
    let path = ws.path().join("locales/zh-CN/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("ftl");
    let start = text.find("\nlogin-heading =").expect("message") + 1;
    let end = start + text[start..].find('\n').expect("line end");
    std::fs::write(
        &path,
        format!(
            "{}login-heading = 欢迎 {{ $nom }}{}",
            &text[..start],
            &text[end..]
        ),
    )
    .expect("write");
    let stderr = common::refused(ws.path(), &["bundle", "zh-TW", "--strict"]);
    assert!(stderr.contains("locales/zh-CN/messenger.ftl:"), "{stderr}");
    assert!(!ws.path().join("dist").exists());
}

#[test]
fn a_pseudo_locale_bundle_in_a_release_folder_is_never_signed_into_its_index_again() {
    let ws = sample_workspace();
    // A release folder listing an `en-XA` bundle, as earlier versions wrote it.
    let dir = ws.path().join("locales/en-XA");
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("messenger.ftl"), "login-heading = Ŵeŀçôɱé\n").expect("write");
    let out = release(ws.path());
    assert!(out.join("spark-messenger-3.2.1-en-XA.zip").is_file());
    std::fs::remove_dir_all(&dir).expect("remove");
    let output = alliance(ws.path())
        .args(["bundle", "de"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let index: ReleaseIndex =
        serde_saphyr::from_str(&std::fs::read_to_string(out.join("release.yaml")).expect("index"))
            .expect("parses");
    assert!(
        !index.artifacts.keys().any(|n| n.contains("en-XA")),
        "{:?}",
        index.artifacts.keys()
    );
    assert!(!out.join("spark-messenger-3.2.1-en-XA.zip").exists());
    let sums = std::fs::read_to_string(out.join("SHA256SUMS")).expect("sums");
    assert!(!sums.contains("en-XA"), "{sums}");
}

/// A bundle's translations install as `locales/<locale>/…`: a messenger file of the same
/// path would be overwritten by one, so the bundle is not built.
#[test]
fn a_package_file_where_a_translation_installs_stops_the_bundle() {
    let ws = sample_workspace();
    let clash = ws
        .path()
        .join("packages/spark-messenger/files/locales/de/messenger.ftl");
    std::fs::create_dir_all(clash.parent().expect("folder")).expect("dir");
    std::fs::write(&clash, "hello = Hallo\n").expect("write");
    let stderr = common::refused(ws.path(), &["bundle", "de"]);
    assert!(
        stderr.contains("packages/spark-messenger/package.yaml")
            && stderr.contains(
                "`files/locales/de/messenger.ftl` would be installed where the bundle's translation `locales/de/messenger.ftl` goes"
            ),
        "{stderr}"
    );
    assert!(!ws.path().join("dist").exists(), "nothing was written");
}

/// Re-encodes `path` as UTF-16 little-endian with a byte-order mark, as Windows editors
/// save "Unicode".
fn save_as_utf16(path: &Path) {
    let text = std::fs::read_to_string(path).expect("ftl");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend(unit.to_le_bytes());
    }
    std::fs::write(path, bytes).expect("written");
}

/// A file saved as UTF-16 is said to be UTF-16 (never Latin-1, no syntax error, no NUL in
/// the report) and its translations ship; a file that gives its bundle nothing (here: not
/// one entry parses) is a warning of `release` naming the file and the messages lost, and
/// a `rejected` entry of the bundle's manifest.
#[test]
fn a_utf16_file_ships_and_a_file_that_gives_nothing_is_told() {
    let ws = sample_workspace();
    let ar = ws.path().join("locales/ar/messenger.ftl");
    let arabic = std::fs::read_to_string(&ar).expect("ftl");
    save_as_utf16(&ar);
    let check = alliance(ws.path())
        .args(["l10n", "check", "ar"])
        .output()
        .expect("runs");
    let said = String::from_utf8(check.stdout).expect("utf-8");
    assert!(said.contains("UTF-16 (little-endian"), "{said}");
    assert!(!said.contains("Latin-1") && !said.contains('\0'), "{said}");
    assert!(!said.contains("syntax"), "{said}");

    let de = ws.path().join("locales/de/messenger.ftl");
    let reference =
        std::fs::read_to_string(ws.path().join("locales/en-US/messenger.ftl")).expect("ftl");
    let lost = fluent_syntax::parser::parse(reference.as_str())
        .expect("parses")
        .body
        .iter()
        .filter(|e| {
            matches!(
                e,
                fluent_syntax::ast::Entry::Message(_) | fluent_syntax::ast::Entry::Term(_)
            )
        })
        .count();
    std::fs::write(&de, "Das ist kein Fluent.\n{ auch nicht\n").expect("written");
    let output = alliance(ws.path()).arg("release").output().expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let told = "locales/de/messenger.ftl gives the `de` bundle nothing";
    assert!(stderr.contains(told), "{stderr}");
    assert!(stderr.contains(&format!("{lost} messages")), "{stderr}");
    let dir = ws.path().join("dist/1995.08");
    let first_arabic = arabic
        .lines()
        .find(|l| l.contains(" = ") && !l.starts_with('#') && !l.starts_with('-'))
        .expect("a message");
    let shipped = bundled_messenger(&dir, "ar");
    assert!(shipped.contains(first_arabic), "{first_arabic}\n{shipped}");
    let manifest = manifest(&dir, "spark-messenger-3.2.1-de");
    let whole: Vec<_> = manifest
        .bundle
        .expect("bundle info")
        .rejected
        .into_iter()
        .filter(|r| r.id == "messenger.ftl")
        .collect();
    assert_eq!(whole.len(), 1, "{whole:?}");
    assert_eq!(
        (whole[0].locale.as_str(), whole[0].code.as_str()),
        ("de", "syntax")
    );
    assert_eq!(whole[0].messages, Some(lost));
}

/// Issue 23, item 3: a Polish message with only `[one]` and `[other]` shows "3 kontaktów";
/// `bundle` and `release` say which message lacks which categories (with a number of
/// each), and `--strict` refuses it.
#[test]
fn a_message_without_the_locale_s_plural_categories_is_told_and_strict_refuses_it() {
    let ws = sample_workspace();
    let (code, _, stderr) = common::run(ws.path(), &["l10n", "add", "pl"]);
    assert_eq!(code, Some(0), "{stderr}");
    std::fs::write(
        ws.path().join("locales/pl/messenger.ftl"),
        "contacts-total-count =\n    { $count ->\n        [one] { $count } kontakt\n       *[other] { $count } kontaktów\n    }\n",
    )
    .expect("written");
    let output = alliance(ws.path())
        .args(["bundle", "pl"])
        .output()
        .expect("runs");
    common::assert_success(&output);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warning = stderr
        .lines()
        .find(|l| l.contains("`pl`: 1 message has no variant for a plural category"))
        .unwrap_or_else(|| panic!("{stderr}"));
    for said in [
        "`contacts-total-count`",
        "`[few]` (such as 2)",
        "`[many]` (such as 5)",
        "locales/pl/messenger.ftl:3:",
    ] {
        assert!(warning.contains(said), "{said}: {warning}");
    }
    let stderr = common::refused(ws.path(), &["bundle", "pl", "--strict"]);
    assert!(stderr.contains("missing-plural-category"), "{stderr}");
    assert!(stderr.contains("contacts-total-count"), "{stderr}");
}

/// Issue 23, items 4 and 6: a locale fresh from `l10n add` has translated nothing: its
/// completion is 0 everywhere, and the download page shows no package text under its
/// language (the scaffold's copies are English). Translating one description puts it there.
#[test]
fn a_scaffold_s_english_copies_are_no_translation_on_the_page_or_in_coverage() {
    let ws = sample_workspace();
    let (code, _, stderr) = common::run(ws.path(), &["l10n", "add", "pl"]);
    assert_eq!(code, Some(0), "{stderr}");
    let status = alliance(ws.path())
        .args(["l10n", "status", "pl", "--format", "json"])
        .output()
        .expect("runs");
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).expect("json");
    assert_eq!(
        status["locales"]["pl"]["summary"]["completion"].as_f64(),
        Some(0.0),
        "{status}"
    );
    let dir = release(ws.path());
    let page = std::fs::read_to_string(dir.join("index.html")).expect("page");
    assert!(!page.contains("<li lang=\"pl\""), "{page}");

    common::edit_file(
        ws.path(),
        "locales/pl/packages.ftl",
        "\npackage-ledgerline-description = ",
        "\npackage-ledgerline-description = Księgowość dla małych firm. Was: ",
    );
    std::fs::remove_dir_all(ws.path().join("dist")).expect("removed");
    let dir = release(ws.path());
    let page = std::fs::read_to_string(dir.join("index.html")).expect("page");
    assert!(page.contains("<li lang=\"pl\""), "{page}");
    assert!(page.contains("Księgowość dla małych firm"), "{page}");
}

/// Issue 23, item 6: the warnings of `bundle` and `release` are coloured by the same rules
/// as every other diagnostic (they never were).
#[test]
fn build_warnings_are_coloured_as_diagnostics_are() {
    let ws = sample_workspace();
    let stderr = |color: &str| {
        let output = alliance(ws.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .args(["--color", color, "bundle", "de"])
            .output()
            .expect("runs");
        common::assert_success(&output);
        String::from_utf8(output.stderr).expect("utf-8")
    };
    let coloured = stderr("always");
    assert!(
        coloured.contains("\u{1b}[1;33mwarning\u{1b}[0m: "),
        "{coloured}"
    );
    let plain = stderr("never");
    assert!(
        plain.contains("warning: ") && !plain.contains('\u{1b}'),
        "{plain}"
    );
}

/// Issue 23, item 6: `bundle zz` says there is no locale `zz` before it plans anything.
#[test]
fn an_unknown_locale_is_refused_before_any_plan() {
    let ws = sample_workspace();
    let stderr = common::refused(ws.path(), &["bundle", "zz"]);
    assert!(stderr.contains("there is no locale `zz`"), "{stderr}");
    assert!(!stderr.contains("planned"), "{stderr}");
}

/// Issue 23, item 6: a bundle's README and its install script name the product alike (the
/// README said "Messagerie Spark", `install.sh` "Spark Messenger").
#[test]
fn a_bundle_s_readme_and_install_script_name_the_product_alike() {
    let ws = sample_workspace();
    let dir = release(ws.path());
    for tag in ["fr", "ja", "ru", "en-US"] {
        let stem = format!("spark-messenger-3.2.1-{tag}");
        let texts = common::zip_texts(&dir.join(format!("{stem}.zip")));
        let readme = &texts[&format!("{stem}/README.txt")];
        let title = readme.lines().next().expect("a title");
        // "Messagerie Spark (Français) 3.2.1", "Spark メッセンジャー（日本語） 3.2.1".
        let name = title.split(" (").next().unwrap_or(title);
        let name = name.split('（').next().unwrap_or(name);
        assert!(
            !name.is_empty() && name.len() < title.len(),
            "{tag}: {title} {name:?}"
        );
        let script = &texts[&format!("{stem}/install.sh")];
        assert!(
            script.contains(name),
            "{tag}: the README names {name:?}, install.sh does not:\n{script}"
        );
    }
}
