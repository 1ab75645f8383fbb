//! Progress of long work on one artifact, in bytes: downloading it, reading it for its
//! digests, writing its payload into a prefix. The library tells a [`Progress`] listener;
//! the command line draws a bar on a terminal, or one line per artifact otherwise.

/// Long work on an artifact, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Work {
    /// Downloading it from a mirror.
    Fetching,
    /// Reading it whole for its digests.
    Verifying,
    /// Writing its payload into a prefix.
    Installing,
}

impl Work {
    /// `fetching`, `verifying`, `installing`.
    pub fn as_str(self) -> &'static str {
        match self {
            Work::Fetching => "fetching",
            Work::Verifying => "verifying",
            Work::Installing => "installing",
        }
    }
}

/// A step of long work on an artifact.
#[derive(Debug, Clone, Copy)]
pub enum Transfer<'a> {
    /// `work` on `name`, of `size` bytes, starts.
    Started {
        /// What is done.
        work: Work,
        /// The artifact's file name.
        name: &'a str,
        /// Its signed size.
        size: u64,
    },
    /// This many more bytes arrived.
    Bytes(u64),
    /// The work on `name` is complete.
    Done {
        /// What was done.
        work: Work,
        /// The artifact's file name.
        name: &'a str,
        /// Its size.
        size: u64,
    },
}

/// What listens to long work.
type Listener = std::sync::Arc<dyn Fn(Transfer<'_>) + Send + Sync>;

/// A listener for long work (none: nobody listens).
#[derive(Clone, Default)]
pub struct Progress(Option<Listener>);

impl Progress {
    /// A listener calling `tell`.
    pub fn new(tell: impl Fn(Transfer<'_>) + Send + Sync + 'static) -> Progress {
        Progress(Some(std::sync::Arc::new(tell)))
    }

    /// Tells the listener of `step`, if there is one.
    pub fn tell(&self, step: Transfer<'_>) {
        if let Some(tell) = &self.0 {
            tell(step);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(listening)"
        } else {
            "Progress(none)"
        })
    }
}
