//! The wire: JSON-RPC messages framed by `Content-Length` headers on stdin and stdout, each
//! way on its own thread. A message that is not JSON-RPC gets the protocol's parse error
//! reply (`-32700`, id `null`) and the server goes on with the next; a frame without a
//! length, or longer than [`MAX_MESSAGE`], ends the conversation (the stream cannot be
//! followed past it), with an error reply first.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::JoinHandle;

use lsp_server::Message;

/// The largest message read (an editor sends a whole file per change).
pub const MAX_MESSAGE: usize = 512 << 20;

/// What goes to the editor.
pub enum Outgoing {
    /// A message of the protocol.
    Message(Message),
    /// The parse error reply to something that was not a JSON-RPC message.
    ParseError(String),
}

/// The two directions and their threads.
pub struct Transport {
    /// To the editor.
    pub sender: Sender<Outgoing>,
    /// From the editor, in order; closed when stdin ends or cannot be followed.
    pub receiver: Receiver<Message>,
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Reads stdin and writes stdout.
    pub fn stdio() -> Transport {
        let (sender, outgoing) = mpsc::channel::<Outgoing>();
        let (incoming, receiver) = mpsc::channel::<Message>();
        let replies = sender.clone();
        let reader =
            std::thread::spawn(move || read_all(&mut io::stdin().lock(), &incoming, &replies));
        let writer = std::thread::spawn(move || {
            let mut stdout = io::stdout().lock();
            for message in outgoing {
                match message {
                    Outgoing::Message(message) => message.write(&mut stdout)?,
                    Outgoing::ParseError(error) => {
                        let reply = serde_json::json!({
                            "jsonrpc": "2.0",
                            "id": null,
                            "error": { "code": -32700, "message": error },
                        })
                        .to_string();
                        write!(stdout, "Content-Length: {}\r\n\r\n{reply}", reply.len())?;
                        stdout.flush()?;
                    }
                }
            }
            Ok(())
        });
        Transport {
            sender,
            receiver,
            reader,
            writer,
        }
    }

    /// Waits for both threads once the server let go of its sender: the first error of
    /// either.
    pub fn join(self) -> io::Result<()> {
        drop(self.sender);
        drop(self.receiver);
        let writer = self.writer.join().unwrap_or(Ok(()));
        // The reader may wait on stdin after `exit`; the process ends anyway.
        if self.reader.is_finished() {
            self.reader.join().unwrap_or(Ok(()))?;
        }
        writer
    }
}

/// Reads messages until stdin ends, `exit` arrives, or a frame cannot be followed.
fn read_all(
    input: &mut impl BufRead,
    incoming: &Sender<Message>,
    replies: &Sender<Outgoing>,
) -> io::Result<()> {
    loop {
        let length = match header(input) {
            Ok(Some(length)) => length,
            Ok(None) => return Ok(()),
            Err(error) => {
                let _ = replies.send(Outgoing::ParseError(error.to_string()));
                return Err(error);
            }
        };
        let mut body = vec![0; length];
        input.read_exact(&mut body)?;
        match serde_json::from_slice::<Message>(&body) {
            Ok(message) => {
                let exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || exit {
                    return Ok(());
                }
            }
            Err(error) => {
                let _ = replies.send(Outgoing::ParseError(format!(
                    "not a JSON-RPC message: {error}"
                )));
            }
        }
    }
}

/// The `Content-Length` of the next frame; `None` at the end of the input.
fn header(input: &mut impl BufRead) -> io::Result<Option<usize>> {
    let mut length = None;
    let mut any = false;
    loop {
        let mut line = String::new();
        // A header line is short: a longer one is not a header.
        if input.take(4096).read_line(&mut line)? == 0 {
            return if any {
                Err(bad("the input ended inside a header"))
            } else {
                Ok(None)
            };
        }
        any = true;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    match length {
        Some(n) if n <= MAX_MESSAGE => Ok(Some(n)),
        Some(n) => Err(bad(&format!(
            "a message of {n} bytes is longer than the {} MiB read",
            MAX_MESSAGE >> 20
        ))),
        None => Err(bad("a message without a Content-Length header")),
    }
}

fn bad(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}
