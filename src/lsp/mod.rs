//! `alliance lsp`: a language server for Fluent over stdio, so that an editor shows the
//! findings of `l10n check` as the translator types (`lsp-server`, the scaffold
//! rust-analyzer runs on, with `lsp-types`).
//!
//! The loop here speaks the protocol: `initialize` (full-text sync, hover, definition, the
//! position encoding), `didOpen`/`didChange`/`didClose`, and for each change the findings of
//! the changed file and of every other open document of the workspace (an edit of the
//! reference changes what its translations are checked against), published as diagnostics.
//! [`analysis`] knows the documents and workspaces and answers; [`position`] converts
//! between the findings' character columns and the editor's; [`transport`] reads and
//! writes the frames (and answers what is not JSON-RPC with the protocol's parse error).

mod analysis;
mod position;
mod transport;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use std::sync::mpsc::Sender;

use lsp_server::{Message, Notification, Request, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, GotoDefinitionResponse, Hover,
    HoverContents, InitializeParams, Location, MarkupContent, MarkupKind, NumberOrString,
    PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncKind, Uri,
};

use crate::diagnostic::{Finding, Severity};
use crate::l10n::report::Code;
use analysis::{Analysis, Place};
use position::Encoding;
use transport::{Outgoing, Transport};

/// Serves one editor over stdin and stdout until it says `exit`.
pub fn run() -> ExitCode {
    let transport = Transport::stdio();
    let served = serve(&transport);
    // What broke the input says more than that it ended.
    let joined = transport.join();
    match joined.map_err(|e| e.to_string()).and(served) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("alliance lsp: {error}");
            ExitCode::from(1)
        }
    }
}

/// The whole conversation: `initialize`, then requests and notifications until `exit`
/// (after `shutdown`: success).
fn serve(transport: &Transport) -> Result<(), String> {
    let mut server = None;
    let mut shut_down = false;
    for message in &transport.receiver {
        match message {
            Message::Request(request) if request.method == "initialize" && server.is_some() => {
                refuse(
                    &transport.sender,
                    request.id,
                    lsp_server::ErrorCode::InvalidRequest,
                    "the server is initialized already",
                );
            }
            Message::Request(request) if request.method == "initialize" => {
                let (reply, encoding) = initialize(&request.params);
                server = Some(Server {
                    sender: transport.sender.clone(),
                    uris: std::collections::HashMap::new(),
                    analysis: Analysis::default(),
                    encoding,
                });
                send(
                    &transport.sender,
                    Message::Response(Response::new_ok(request.id, reply)),
                );
            }
            Message::Request(request) if request.method == "shutdown" && server.is_some() => {
                shut_down = true;
                send(
                    &transport.sender,
                    Message::Response(Response::new_ok(request.id, ())),
                );
            }
            Message::Request(request) => match &mut server {
                Some(server) if !shut_down => server.request(request),
                _ => refuse(
                    &transport.sender,
                    request.id,
                    lsp_server::ErrorCode::ServerNotInitialized,
                    "the server is not initialized, or shut down",
                ),
            },
            Message::Notification(notification) if notification.method == "exit" => {
                return if shut_down {
                    Ok(())
                } else {
                    Err("`exit` before `shutdown`".into())
                };
            }
            Message::Notification(notification) => {
                if let Some(server) = server.as_mut().filter(|_| !shut_down) {
                    server.notification(notification);
                }
            }
            Message::Response(_) => {}
        }
    }
    Err("the editor closed the connection without `exit`".into())
}

/// The reply to `initialize`, and the position encoding agreed on: UTF-32 when the client
/// offers it, else UTF-16.
fn initialize(params: &serde_json::Value) -> (serde_json::Value, Encoding) {
    let params: InitializeParams = serde_json::from_value(params.clone()).unwrap_or_default();
    let offered = params
        .capabilities
        .general
        .and_then(|g| g.position_encodings)
        .unwrap_or_default();
    let (encoding, kind) = if offered.contains(&PositionEncodingKind::UTF32) {
        (Encoding::Utf32, PositionEncodingKind::UTF32)
    } else {
        (Encoding::Utf16, PositionEncodingKind::UTF16)
    };
    let capabilities = ServerCapabilities {
        position_encoding: Some(kind),
        text_document_sync: Some(TextDocumentSyncKind::FULL.into()),
        hover_provider: Some(true.into()),
        definition_provider: Some(lsp_types::OneOf::Left(true)),
        completion_provider: Some(lsp_types::CompletionOptions {
            trigger_characters: Some(vec!["$".into(), "[".into(), "{".into(), "-".into()]),
            ..lsp_types::CompletionOptions::default()
        }),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    };
    let reply = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": { "name": "alliance", "version": env!("CARGO_PKG_VERSION") },
    });
    (reply, encoding)
}

/// Answers request `id` with error `code`.
fn refuse(
    sender: &Sender<Outgoing>,
    id: lsp_server::RequestId,
    code: lsp_server::ErrorCode,
    message: &str,
) {
    send(
        sender,
        Message::Response(Response::new_err(id, code as i32, message.to_string())),
    );
}

/// Sends `message` to the editor; when the editor is gone, the loop ends with the closed
/// input.
fn send(sender: &Sender<Outgoing>, message: Message) {
    let _ = sender.send(Outgoing::Message(message));
}

struct Server {
    sender: Sender<Outgoing>,
    /// The URI each document was opened with, as the editor wrote it.
    uris: std::collections::HashMap<PathBuf, Uri>,
    analysis: Analysis,
    encoding: Encoding,
}

impl Server {
    fn send(&self, message: Message) {
        send(&self.sender, message);
    }

    fn request(&mut self, request: Request) {
        let result = match request.method.as_str() {
            lsp_types::request::HoverRequest::METHOD => self.hover(&request.params),
            lsp_types::request::GotoDefinition::METHOD => self.definition(&request.params),
            lsp_types::request::Completion::METHOD => self.completion(&request.params),
            lsp_types::request::CodeActionRequest::METHOD => self.code_actions(&request.params),
            _ => {
                let message = format!("alliance lsp does not answer `{}`", request.method);
                refuse(
                    &self.sender,
                    request.id,
                    lsp_server::ErrorCode::MethodNotFound,
                    &message,
                );
                return;
            }
        };
        match result {
            Ok(value) => self.send(Message::Response(Response::new_ok(request.id, value))),
            Err(message) => refuse(
                &self.sender,
                request.id,
                lsp_server::ErrorCode::InvalidParams,
                &message,
            ),
        }
    }

    fn notification(&mut self, notification: Notification) {
        let params = notification.params;
        let changed = match notification.method.as_str() {
            lsp_types::notification::DidOpenTextDocument::METHOD => {
                serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(params)
                    .ok()
                    .and_then(|p| {
                        let path = path_of(&p.text_document.uri)?;
                        self.uris.insert(path.clone(), p.text_document.uri);
                        self.analysis.open(path.clone(), p.text_document.text);
                        Some(path)
                    })
            }
            lsp_types::notification::DidChangeTextDocument::METHOD => {
                serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(params)
                    .ok()
                    .and_then(|p| {
                        let path = path_of(&p.text_document.uri)?;
                        // Full sync: the last change is the whole text.
                        let text = p.content_changes.into_iter().next_back()?.text;
                        self.analysis.open(path.clone(), text);
                        Some(path)
                    })
            }
            lsp_types::notification::DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(params)
                    && let Some(path) = path_of(&p.text_document.uri)
                {
                    self.analysis.close(&path);
                    self.publish(&path, Vec::new());
                    // What the others were checked against may have been its unsaved text.
                    if let Some(other) = self.analysis.open_paths().into_iter().find(|p| {
                        Analysis::place(p)
                            .zip(Analysis::place(&path))
                            .is_some_and(|(a, b)| a.root == b.root)
                    }) {
                        return self.recheck(&other);
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(path) = changed {
            self.recheck(&path);
        }
    }

    /// Publishes the findings of `path` and of the other open documents of its workspace.
    fn recheck(&mut self, path: &Path) {
        let Some(place) = Analysis::place(path) else {
            // Not a Fluent file of a workspace's `locales/`: nothing to say about it.
            self.publish(path, Vec::new());
            return;
        };
        let mut paths = vec![path.to_path_buf()];
        paths.extend(self.analysis.open_paths().into_iter().filter(|p| {
            p != path && Analysis::place(p).is_some_and(|other| other.root == place.root)
        }));
        for path in paths {
            let diagnostics = self.diagnostics(&path);
            self.publish(&path, diagnostics);
        }
    }

    fn diagnostics(&mut self, path: &Path) -> Vec<Diagnostic> {
        let Some(place) = Analysis::place(path) else {
            return Vec::new();
        };
        let findings = match self.analysis.findings(&place) {
            Ok(findings) => findings,
            Err(error) => {
                // A workspace that does not load (a broken alliance.yaml): say so on the file.
                let message = match &error {
                    crate::diagnostic::Error::Invalid(problems) => problems
                        .iter()
                        .map(|p| format!("{}: {}", p.location(), p.message))
                        .collect::<Vec<_>>()
                        .join("\n"),
                    other => other.to_string(),
                };
                return vec![Diagnostic {
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("alliance".into()),
                    message: format!("the workspace does not load: {message}"),
                    ..Diagnostic::default()
                }];
            }
        };
        let text = self.analysis.text_of(path).unwrap_or_default();
        findings
            .iter()
            .map(|f| self.diagnostic(&place, &text, f))
            .collect()
    }

    /// A finding as the editor shows it.
    fn diagnostic(&self, place: &Place, text: &str, finding: &Finding<Code>) -> Diagnostic {
        let p = &finding.problem;
        let mut message = p.message.clone();
        if let Some(help) = &p.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<DiagnosticRelatedInformation> = finding
            .related
            .iter()
            .filter_map(|r| {
                let path = place.root.join(&r.path);
                let text = self.analysis.text_of(&path).unwrap_or_default();
                Some(DiagnosticRelatedInformation {
                    location: Location::new(
                        uri_of(&path)?,
                        self.encoding.range(&text, r.position, None),
                    ),
                    message: r.message.to_string(),
                })
            })
            .collect();
        Diagnostic {
            range: self.encoding.range(text, p.position, p.end()),
            severity: Some(match finding.severity() {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Missing => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(finding.code.as_str().to_string())),
            source: Some("alliance".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Diagnostic::default()
        }
    }

    fn publish(&self, path: &Path, diagnostics: Vec<Diagnostic>) {
        // The editor's own spelling of the document's URI, where it sent one.
        let Some(uri) = self.uris.get(path).cloned().or_else(|| uri_of(path)) else {
            return;
        };
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        self.send(Message::Notification(Notification::new(
            lsp_types::notification::PublishDiagnostics::METHOD.to_string(),
            params,
        )));
    }

    /// The document, its place and the byte offset of a text document position.
    fn at(
        &self,
        params: &lsp_types::TextDocumentPositionParams,
    ) -> Result<Option<(Place, usize)>, String> {
        let path = path_of(&params.text_document.uri)
            .ok_or_else(|| format!("`{}` is not a file", params.text_document.uri.as_str()))?;
        let Some(place) = Analysis::place(&path) else {
            return Ok(None);
        };
        let text = self.analysis.text_of(&path).unwrap_or_default();
        Ok(Some((place, self.encoding.offset(&text, params.position))))
    }

    fn hover(&mut self, params: &serde_json::Value) -> Result<serde_json::Value, String> {
        let params: lsp_types::HoverParams =
            serde_json::from_value(params.clone()).map_err(|e| e.to_string())?;
        let Some((place, offset)) = self.at(&params.text_document_position_params)? else {
            return Ok(serde_json::Value::Null);
        };
        let hover = self.analysis.hover(&place, offset).map(|text| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        });
        serde_json::to_value(hover).map_err(|e| e.to_string())
    }

    fn definition(&mut self, params: &serde_json::Value) -> Result<serde_json::Value, String> {
        let params: lsp_types::GotoDefinitionParams =
            serde_json::from_value(params.clone()).map_err(|e| e.to_string())?;
        let Some((place, offset)) = self.at(&params.text_document_position_params)? else {
            return Ok(serde_json::Value::Null);
        };
        let target = self
            .analysis
            .definition(&place, offset)
            .and_then(|(path, position)| {
                let text = self.analysis.text_of(&path).unwrap_or_default();
                let range = self.encoding.range(&text, Some(position), None);
                Some(GotoDefinitionResponse::Scalar(Location::new(
                    uri_of(&path)?,
                    range,
                )))
            });
        serde_json::to_value(target).map_err(|e| e.to_string())
    }
}

impl Server {
    fn completion(&mut self, params: &serde_json::Value) -> Result<serde_json::Value, String> {
        let params: lsp_types::CompletionParams =
            serde_json::from_value(params.clone()).map_err(|e| e.to_string())?;
        let Some((place, offset)) = self.at(&params.text_document_position)? else {
            return Ok(serde_json::Value::Null);
        };
        let Some(completions) = self.analysis.completions(&place, offset) else {
            return Ok(serde_json::Value::Null);
        };
        let (labels, kind, detail) = match completions {
            analysis::Completions::Variables(names) => (
                names,
                lsp_types::CompletionItemKind::VARIABLE,
                "a variable of the reference message",
            ),
            analysis::Completions::Categories(names) => (
                names,
                lsp_types::CompletionItemKind::ENUM_MEMBER,
                "a plural category of this locale",
            ),
            analysis::Completions::Ids(names) => (
                names,
                lsp_types::CompletionItemKind::REFERENCE,
                "a message or term of the reference",
            ),
        };
        let items: Vec<lsp_types::CompletionItem> = labels
            .into_iter()
            .map(|label| lsp_types::CompletionItem {
                label,
                kind: Some(kind),
                detail: Some(detail.to_string()),
                ..lsp_types::CompletionItem::default()
            })
            .collect();
        serde_json::to_value(items).map_err(|e| e.to_string())
    }

    /// Quick fixes for the diagnostics the editor sends: insert the reference text of a
    /// missing message, add the plural variants a select lacks, rename an unknown variable
    /// to one the reference takes.
    fn code_actions(&mut self, params: &serde_json::Value) -> Result<serde_json::Value, String> {
        let params: lsp_types::CodeActionParams =
            serde_json::from_value(params.clone()).map_err(|e| e.to_string())?;
        let uri = params.text_document.uri.clone();
        let Some(path) = path_of(&uri) else {
            return Ok(serde_json::Value::Null);
        };
        let Some(place) = Analysis::place(&path) else {
            return Ok(serde_json::Value::Null);
        };
        let text = self.analysis.text_of(&path).unwrap_or_default();
        let mut actions = Vec::new();
        for diagnostic in &params.context.diagnostics {
            let code = match &diagnostic.code {
                Some(NumberOrString::String(code)) => code.as_str(),
                _ => continue,
            };
            let quoted = quoted(&diagnostic.message);
            let edits: Vec<(String, lsp_types::TextEdit)> = match code {
                "missing-message" => quoted
                    .first()
                    .and_then(|id| self.analysis.reference_entry(&place, id))
                    .map(|entry| {
                        let end = self.encoding.position(&text, end_of(&text));
                        let lead = if text.is_empty() || text.ends_with('\n') {
                            ""
                        } else {
                            "\n"
                        };
                        vec![(
                            "Insert the reference text".to_string(),
                            lsp_types::TextEdit::new(
                                lsp_types::Range::new(end, end),
                                format!("{lead}{entry}\n"),
                            ),
                        )]
                    })
                    .unwrap_or_default(),
                "missing-plural-category" => {
                    plural_variants(&text, diagnostic, &quoted, self.encoding)
                        .into_iter()
                        .collect()
                }
                "unknown-variable" => {
                    let (Some(id), Some(unknown)) = (quoted.first(), quoted.get(1)) else {
                        continue;
                    };
                    let Some((wanted, used)) = self.analysis.variables(&place, id) else {
                        continue;
                    };
                    wanted
                        .iter()
                        .filter(|name| !used.contains(name))
                        .map(|name| {
                            (
                                format!("Rename `{unknown}` to `${name}`"),
                                lsp_types::TextEdit::new(diagnostic.range, format!("${name}")),
                            )
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            for (title, edit) in edits {
                actions.push(quick_fix(&uri, diagnostic, title, edit));
            }
        }
        serde_json::to_value(actions).map_err(|e| e.to_string())
    }
}

/// A quick fix of `diagnostic`: one edit of the document `uri`.
fn quick_fix(
    uri: &Uri,
    diagnostic: &Diagnostic,
    title: String,
    edit: lsp_types::TextEdit,
) -> lsp_types::CodeActionOrCommand {
    // The document's edits, by document (not a map keyed by URI).
    let changes = lsp_types::DocumentChanges::Edits(vec![lsp_types::TextDocumentEdit {
        text_document: lsp_types::OptionalVersionedTextDocumentIdentifier {
            uri: uri.clone(),
            version: None,
        },
        edits: vec![lsp_types::OneOf::Left(edit)],
    }]);
    lsp_types::CodeActionOrCommand::CodeAction(lsp_types::CodeAction {
        title,
        kind: Some(lsp_types::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(lsp_types::WorkspaceEdit {
            document_changes: Some(changes),
            ..lsp_types::WorkspaceEdit::default()
        }),
        ..lsp_types::CodeAction::default()
    })
}

/// The texts between backticks in a finding's message (`id`, `$variable`, `[few]`).
fn quoted(message: &str) -> Vec<String> {
    message
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The 1-based line and column just after the last character of `text`.
fn end_of(text: &str) -> (usize, usize) {
    let line = text.split('\n').count();
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, last.chars().count() + 1)
}

/// "Add the missing plural variants": a `[category] …` line per category the finding
/// names, before the select's default variant (`*[other]`), with the default's text.
fn plural_variants(
    text: &str,
    diagnostic: &Diagnostic,
    quoted: &[String],
    encoding: Encoding,
) -> Option<(String, lsp_types::TextEdit)> {
    let categories: Vec<&str> = quoted
        .iter()
        .filter_map(|q| q.strip_prefix('[')?.strip_suffix(']'))
        .collect();
    if categories.is_empty() {
        return None;
    }
    let from = diagnostic.range.start.line as usize;
    let (at, default) = text
        .lines()
        .enumerate()
        .skip(from)
        .find(|(_, line)| line.trim_start().starts_with("*["))?;
    let indent = &default[..default.len() - default.trim_start().len()];
    let value = default.trim_start().split_once(']')?.1;
    // A default variant whose text starts on the next line: no line to copy.
    if value.trim().is_empty() {
        return None;
    }
    let lines: String = categories
        .iter()
        .map(|c| format!("{indent} [{c}]{value}\n"))
        .collect();
    let start = encoding.position(text, (at + 1, 1));
    Some((
        format!(
            "Add the missing plural variants ({})",
            categories.join(", ")
        ),
        lsp_types::TextEdit::new(lsp_types::Range::new(start, start), lines),
    ))
}

/// The path of a `file:` URI (percent-decoded); `None` for another scheme.
fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = path.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = PathBuf::from(String::from_utf8(out).ok()?);
    if !path.is_absolute() {
        return None;
    }
    // `.` and `..` resolved in the text, as the editor means the file.
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    Some(normal)
}

/// The `file:` URI of an absolute path, each byte outside the unreserved set and `/`
/// percent-encoded.
fn uri_of(path: &Path) -> Option<Uri> {
    let mut out = String::from("file://");
    for byte in path.to_str()?.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out.parse().ok()
}
