//! `alliance lsp` (issue 28), driven over stdio as an editor drives it: initialize, open,
//! change, hover, definition, shutdown, exit. Its diagnostics are `l10n check`'s findings.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::{self, sample_workspace};

/// An editor's side of the conversation.
struct Editor {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: mpsc::Receiver<Value>,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Editor {
    fn start(root: &Path) -> Editor {
        let mut child = Command::new(common::BINARY)
            .arg("lsp")
            .current_dir(root)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("alliance lsp starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let message: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let mut editor = Editor {
            stdin: child.stdin.take(),
            child,
            incoming,
            notifications: Vec::new(),
            next_id: 1,
        };
        let reply = editor.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": null,
                "capabilities": { "general": { "positionEncodings": ["utf-16"] } },
            }),
        );
        assert_eq!(
            reply["result"]["capabilities"]["positionEncoding"], "utf-16",
            "{reply}"
        );
        editor.notify("initialized", json!({}));
        editor
    }

    fn write(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{text}", text.len()).expect("write");
        stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        self.write(&message.to_string());
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == id {
                return message;
            }
            self.notifications.push(message);
        }
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        if let Some(i) = self.notifications.iter().position(|n| {
            n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
        }) {
            let n = self.notifications.remove(i);
            return n["params"]["diagnostics"].as_array().expect("list").clone();
        }
        loop {
            let message = self.next();
            if message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
            {
                return message["params"]["diagnostics"]
                    .as_array()
                    .expect("list")
                    .clone();
            }
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "fluent", "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
        self.diagnostics(uri)
    }

    /// shutdown, exit: the server ends with 0.
    fn finish(mut self) {
        let reply = self.request("shutdown", Value::Null);
        assert!(reply.get("error").is_none(), "{reply}");
        self.notify("exit", Value::Null);
        drop(self.stdin.take());
        let status = wait(&mut self.child);
        assert!(status.success(), "exit status {status:?}");
    }
}

/// Waits at most a minute for `child`.
fn wait(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..600 {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    panic!("the server did not exit");
}

fn uri(path: &Path) -> String {
    let path = std::fs::canonicalize(path).expect("canonical");
    format!("file://{}", path.display())
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

/// The editor's session: a change that introduces an unknown variable publishes it (at the
/// variable, related to the reference message), fixing it clears it; hover shows the
/// reference text and variables; definition leads from a translation to the reference.
#[test]
fn an_editor_sees_findings_as_it_types_hovers_and_goes_to_the_reference() {
    let ws = sample_workspace();
    let root = ws.path();
    let path = root.join("locales/de/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("de");
    let uri = uri(&path);
    let mut editor = Editor::start(root);

    let first = editor.open(&uri, &text);
    assert!(
        !codes(&first).contains(&"unknown-variable".to_string()),
        "{first:?}"
    );

    let broken = text.replacen("{ $count }", "{ $cuont }", 1);
    let line = text[..text.find("{ $count }").expect("present")]
        .lines()
        .count()
        - 1;
    let diagnostics = editor.change(&uri, 2, &broken);
    let unknown: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "unknown-variable")
        .collect();
    assert_eq!(unknown.len(), 1, "{diagnostics:#?}");
    let d = unknown[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "alliance");
    assert_eq!(d["range"]["start"]["line"], line);
    let column = broken
        .lines()
        .nth(line)
        .expect("line")
        .find("$cuont")
        .expect("there");
    assert_eq!(d["range"]["start"]["character"], column);
    assert_eq!(d["range"]["end"]["character"], column + "$cuont".len());
    let related = &d["relatedInformation"][0];
    assert!(
        related["location"]["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/locales/en-US/messenger.ftl")),
        "{d}"
    );
    assert_eq!(related["message"], "the en-US message");

    let fixed = editor.change(&uri, 3, &text);
    assert!(
        !codes(&fixed).contains(&"unknown-variable".to_string()),
        "{fixed:?}"
    );

    // Hover on the id of `login-failed-reason`: the English text and its variable.
    let id_line = text
        .lines()
        .position(|l| l.starts_with("login-failed-reason ="))
        .expect("de has it");
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": id_line, "character": 3 } }),
    );
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("login-failed-reason = Sign-in failed: { $reason }")
            && shown.contains("`$reason`")
            && shown.contains("locales/en-US/messenger.ftl:32"),
        "{hover}"
    );

    // Definition: from the translation's id to the reference message.
    let definition = editor.request(
        "textDocument/definition",
        json!({ "textDocument": { "uri": uri }, "position": { "line": id_line, "character": 3 } }),
    );
    let target = &definition["result"];
    assert!(
        target["uri"]
            .as_str()
            .is_some_and(|u| u.ends_with("/locales/en-US/messenger.ftl")),
        "{definition}"
    );
    assert_eq!(target["range"]["start"]["line"], 31);

    // A method it does not answer: an error reply, and the server goes on.
    let unknown_method = editor.request("textDocument/rename", json!({}));
    assert_eq!(unknown_method["error"]["code"], -32601, "{unknown_method}");
    editor.finish();
}

/// Completion offers the reference's variables after `$`.
#[test]
fn completion_offers_the_variables_of_the_reference_message() {
    let ws = sample_workspace();
    let root = ws.path();
    let path = root.join("locales/ru/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("ru");
    let uri = uri(&path);
    let mut editor = Editor::start(root);
    editor.open(&uri, &text);
    // `$` inside `login-failed-reason`: the reference takes `$reason`.
    let line = text
        .lines()
        .position(|l| l.starts_with("login-failed-reason ="))
        .expect("ru has it");
    let line_text = text.lines().nth(line).expect("line");
    // In UTF-16 units, as the editor counts (Cyrillic: one each).
    let dollar = line_text[..line_text.find('$').expect("a variable")]
        .chars()
        .count();
    let completion = editor.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": dollar + 1 } }),
    );
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["label"].as_str().expect("label"))
        .collect();
    assert_eq!(labels, ["reason"], "{completion}");
    editor.finish();
}

/// The Russian messenger file with an unknown variable (`$raison`), a select without
/// `[few]` and `[many]`, and `login-window-title` missing.
fn broken_russian(text: &str) -> String {
    let count_line = text
        .lines()
        .position(|l| l.starts_with("contacts-online-count ="))
        .expect("ru has it");
    let mut lines: Vec<&str> = text.lines().collect();
    for category in ["[few]", "[many]"] {
        let at = lines
            .iter()
            .skip(count_line)
            .position(|l| l.trim_start().starts_with(category))
            .expect("the variant")
            + count_line;
        lines.remove(at);
    }
    lines.retain(|l| !l.starts_with("login-window-title ="));
    (lines.join("\n") + "\n").replacen("{ $reason }", "{ $raison }", 1)
}

/// The quick fixes rename an unknown variable to the reference's, add the plural variants
/// a select lacks, and insert the reference text of a missing message.
#[test]
fn quick_fixes_follow_the_reference() {
    let ws = sample_workspace();
    let root = ws.path();
    let path = root.join("locales/ru/messenger.ftl");
    let text = std::fs::read_to_string(&path).expect("ru");
    let uri = uri(&path);
    let mut editor = Editor::start(root);
    editor.open(&uri, &text);
    let diagnostics = editor.change(&uri, 2, &broken_russian(&text));
    let mut fixes = Vec::new();
    for code in [
        "unknown-variable",
        "missing-plural-category",
        "missing-message",
    ] {
        let d = diagnostics
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"));
        let reply = editor.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let action = &reply["result"][0];
        let change = &action["edit"]["documentChanges"][0];
        assert_eq!(change["textDocument"]["uri"], uri.as_str());
        fixes.push((
            action["title"].as_str().expect("title").to_string(),
            change["edits"][0]["newText"]
                .as_str()
                .expect("text")
                .to_string(),
        ));
    }
    assert_eq!(
        fixes[0],
        (
            "Rename `$raison` to `$reason`".to_string(),
            "$reason".to_string()
        )
    );
    assert!(
        fixes[1]
            .0
            .starts_with("Add the missing plural variants (few, many)")
            && fixes[1].1.contains(" [few] ")
            && fixes[1].1.contains(" [many] "),
        "{fixes:?}"
    );
    let english = std::fs::read_to_string(root.join("locales/en-US/messenger.ftl")).expect("en");
    let english_title = english
        .lines()
        .find(|l| l.starts_with("login-window-title ="))
        .expect("en has it");
    assert_eq!(fixes[2].0, "Insert the reference text");
    assert_eq!(fixes[2].1.trim(), english_title);
    editor.finish();
}

/// The diagnostics of every file of a locale are `l10n check --format json`'s findings of
/// that locale: same codes, positions and messages (one finding model).
#[test]
fn diagnostics_are_the_findings_of_l10n_check() {
    let ws = sample_workspace();
    let root = ws.path();
    common::edit_file(
        root,
        "locales/fr/messenger.ftl",
        "{ $count }",
        "{ $nombre }",
    );
    let (_, stdout, _) = common::run(root, &["l10n", "check", "fr", "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout).expect("json");
    let mut expected: Vec<(String, String, u64, u64, String)> = report["locales"]["fr"]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let n = |v: &Value| v.as_u64().expect("number");
            (
                f["file"].as_str().expect("file").to_string(),
                f["code"].as_str().expect("code").to_string(),
                n(&f["line"]).saturating_sub(1),
                n(&f["column"]).saturating_sub(1),
                f["message"].as_str().expect("message").to_string(),
            )
        })
        .collect();
    expected.sort();
    assert!(
        expected.iter().any(|e| e.1 == "unknown-variable"),
        "{expected:?}"
    );

    let mut editor = Editor::start(root);
    let mut got = Vec::new();
    let dir = root.join("locales/fr");
    for path in common::walk(&dir) {
        if path.extension().is_none_or(|e| e != "ftl") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("ftl");
        let file = path
            .strip_prefix(root)
            .expect("inside")
            .to_string_lossy()
            .replace('\\', "/");
        for d in editor.open(&uri(&path), &text) {
            let n = |v: &Value| v.as_u64().expect("number");
            let message = d["message"].as_str().expect("message");
            got.push((
                file.clone(),
                d["code"].as_str().expect("code").to_string(),
                n(&d["range"]["start"]["line"]),
                n(&d["range"]["start"]["character"]),
                message
                    .split("\nhelp: ")
                    .next()
                    .unwrap_or(message)
                    .to_string(),
            ));
        }
    }
    got.sort();
    assert_eq!(got, expected);
    editor.finish();
}

/// Hostile input: a file outside any workspace, 3,000 nested placeables, a 50 MB file and
/// malformed JSON-RPC give an empty list, a finding, or an error, never a crash or a hang.
#[test]
fn hostile_documents_and_messages_never_crash_or_hang_the_server() {
    let ws = sample_workspace();
    let root = ws.path();
    let mut editor = Editor::start(root);

    let outside = tempfile::tempdir().expect("temp");
    let stray = outside.path().join("stray.ftl");
    std::fs::write(&stray, "a = { $b\n").expect("write");
    assert_eq!(editor.open(&uri(&stray), "a = { $b\n"), Vec::<Value>::new());

    let path = root.join("locales/de/installer.ftl");
    let uri = uri(&path);
    let deep = format!("deep = {}x{}\n", "{ ".repeat(3000), " }".repeat(3000));
    let diagnostics = editor.open(&uri, &deep);
    assert!(
        codes(&diagnostics).contains(&"too-deep".to_string()),
        "{diagnostics:?}"
    );

    let big = format!("big = {}\n", "a".repeat(50 << 20));
    let diagnostics = editor.change(&uri, 2, &big);
    assert!(!diagnostics.is_empty());

    // Completion right after a character of several bytes (an ellipsis), a byte-order
    // mark, and a path with `..`: answers, no crash.
    let text = "\u{feff}installer-done = Fertig…\n";
    editor.change(&uri, 3, text);
    let completion = editor.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 23 } }),
    );
    assert!(completion.get("error").is_none(), "{completion}");
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 2 } }),
    );
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("installer-done")),
        "the byte-order mark shifts nothing: {hover}"
    );
    let dotted = uri.replace("/locales/de/", "/locales/de/../de/");
    let diagnostics = editor.open(&dotted, "installer-done = Fertig { $nope }\n");
    assert!(
        codes(&diagnostics).contains(&"unknown-variable".to_string()),
        "{diagnostics:?}"
    );

    // Not JSON: the protocol's parse error, and the server goes on.
    editor.write("{ this is not json");
    let reply = editor.next();
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    assert!(reply["id"].is_null());
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 0 } }),
    );
    assert!(hover.get("error").is_none(), "{hover}");
    editor.finish();

    // A frame claiming 1 TB: refused before anything is read, and the server ends.
    let mut editor = Editor::start(root);
    let stdin = editor.stdin.as_mut().expect("stdin");
    write!(stdin, "Content-Length: 1000000000000\r\n\r\n{{}}").expect("write");
    stdin.flush().expect("flush");
    let reply = editor.next();
    assert_eq!(reply["error"]["code"], -32700, "{reply}");
    drop(editor.stdin.take());
    let status = wait(&mut editor.child);
    assert!(!status.success());
    let mut stderr = String::new();
    editor
        .child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    assert!(
        stderr.contains("alliance lsp:") && stderr.contains("longer than"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// A real editor: Debian's Neovim, headless, with the server configured as the README
/// says, opens a translation with an unknown variable and reads the diagnostic back.
#[test]
fn neovim_shows_the_findings() {
    common::require_tool("nvim");
    let ws = sample_workspace();
    let root = ws.path();
    common::edit_file(root, "locales/de/messenger.ftl", "{ $count }", "{ $cuont }");
    let script = root.join("editor.lua");
    let out = root.join("diagnostics.txt");
    std::fs::write(
        &script,
        r#"
local client = vim.lsp.start_client({
  name = "alliance",
  cmd = { os.getenv("ALLIANCE"), "lsp" },
  root_dir = os.getenv("WORKSPACE"),
})
vim.lsp.buf_attach_client(0, client)
vim.wait(20000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local f = io.open(os.getenv("DIAGNOSTICS_OUT"), "w")
for _, d in ipairs(vim.diagnostic.get(0)) do
  f:write(string.format("%d:%d %s\n", d.lnum + 1, d.col + 1, tostring(d.code)))
end
f:close()
vim.cmd("qall!")
"#,
    )
    .expect("write");
    let mut child = Command::new("nvim")
        .args(["--headless", "--clean", "-c"])
        .arg(format!("luafile {}", script.display()))
        .arg("locales/de/messenger.ftl")
        .current_dir(root)
        .env("ALLIANCE", common::BINARY)
        .env("WORKSPACE", root)
        .env("DIAGNOSTICS_OUT", &out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nvim starts");
    let status = wait(&mut child);
    assert!(status.success(), "{status:?}");
    let shown = std::fs::read_to_string(&out).expect("nvim wrote the diagnostics");
    let text = std::fs::read_to_string(root.join("locales/de/messenger.ftl")).expect("de");
    let line = text[..text.find("{ $cuont }").expect("edited")]
        .lines()
        .count();
    let column = text
        .lines()
        .nth(line - 1)
        .expect("line")
        .find("$cuont")
        .expect("there")
        + 1;
    assert!(
        shown
            .lines()
            .any(|l| l == format!("{line}:{column} unknown-variable")),
        "{shown}"
    );
}

/// An edit of the reference re-checks the translations open beside it: a variable added
/// to the English text shows as `dropped-variable` in the open German file at once, and
/// the hover's snapshot is the reference as written now.
#[test]
fn an_edit_of_the_reference_shows_in_the_open_translations() {
    let ws = sample_workspace();
    let root = ws.path();
    let german = root.join("locales/de/messenger.ftl");
    let english = root.join("locales/en-US/messenger.ftl");
    let (de_uri, en_uri) = (uri(&german), uri(&english));
    let de_text = std::fs::read_to_string(&german).expect("de");
    let en_text = std::fs::read_to_string(&english).expect("en");
    let mut editor = Editor::start(root);
    let before = editor.open(&de_uri, &de_text);
    assert!(
        !codes(&before).contains(&"dropped-variable".to_string()),
        "{before:?}"
    );
    editor.open(&en_uri, &en_text);
    let edited = en_text.replacen(
        "login-failed = Sign-in failed.",
        "login-failed = Sign-in failed for { $user }.",
        1,
    );
    editor.change(&en_uri, 2, &edited);
    // The German file was published after the English was opened, then after its change.
    editor.diagnostics(&de_uri);
    let after = editor.diagnostics(&de_uri);
    let dropped: Vec<&Value> = after
        .iter()
        .filter(|d| d["code"] == "dropped-variable")
        .collect();
    assert_eq!(dropped.len(), 1, "{after:#?}");
    assert!(
        dropped[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("$user")
    );

    let line = de_text
        .lines()
        .position(|l| l.starts_with("login-failed ="))
        .expect("de has it");
    let hover = editor.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": de_uri }, "position": { "line": line, "character": 0 } }),
    );
    insta::assert_snapshot!(
        hover["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
    );
    editor.finish();
}

/// What changes on disk while the server runs (a `git pull`, `l10n accept` in a terminal)
/// counts at the next check: the reference's files, and the locks.
#[test]
fn files_changed_on_disk_count_at_the_next_check() {
    let ws = sample_workspace();
    let root = ws.path();
    let german = root.join("locales/de/messenger.ftl");
    let de_uri = uri(&german);
    let de_text = std::fs::read_to_string(&german).expect("de");
    let mut editor = Editor::start(root);
    assert!(!codes(&editor.open(&de_uri, &de_text)).contains(&"stale".to_string()));
    common::edit_file(
        root,
        "locales/en-US/messenger.ftl",
        "login-failed = Sign-in failed.",
        "login-failed = Sign-in failed for { $user }.",
    );
    let after = editor.change(&de_uri, 2, &de_text);
    assert!(
        codes(&after).contains(&"dropped-variable".to_string()),
        "{after:?}"
    );
    assert!(codes(&after).contains(&"stale".to_string()), "{after:?}");
    let (code, stdout, stderr) = common::run(root, &["l10n", "accept", "de", "login-failed"]);
    assert_eq!(code, Some(0), "{stdout}{stderr}");
    let accepted = editor.change(&de_uri, 3, &de_text);
    assert!(
        !codes(&accepted).contains(&"stale".to_string()),
        "{accepted:?}"
    );
    editor.finish();
}
