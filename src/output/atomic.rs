//! Writing an output folder atomically: everything goes into a temporary
//! folder beside the target and is renamed into place at the end, so an
//! interrupted or failed run leaves the previous results intact and never a
//! half-written folder.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// An output folder being written; call [`StagedDir::commit`] to publish it.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: tempfile::TempDir,
}

impl StagedDir {
    /// Starts writing `target`. Fails with [`Error::OutputExists`] if the
    /// target holds anything and `force` is false; nothing is written then.
    pub fn begin(target: &Path, force: bool) -> Result<Self> {
        let non_empty = match std::fs::read_dir(target) {
            Ok(mut entries) => entries.next().is_some(),
            Err(_) => target.exists(),
        };
        if non_empty && !force {
            return Err(Error::OutputExists(target.to_path_buf()));
        }
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
        let staging = tempfile::Builder::new()
            .prefix(".agroshift-partial-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io(format!("creating a temporary folder in {}", parent.display()), e))?;
        Ok(Self { target: target.to_path_buf(), staging })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        self.staging.path()
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let path = self.staging.path().join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(format!("writing {name}"), e))
    }

    /// Publishes the folder: the old target, if any, is moved aside and
    /// removed only after the new one is in place.
    pub fn commit(self) -> Result<PathBuf> {
        let staging = self.staging.keep();
        let target = self.target;
        let mut old = None;
        if target.exists() {
            let aside = staging.with_file_name(format!(
                ".agroshift-old-{}",
                staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ));
            std::fs::rename(&target, &aside).map_err(|e| Error::io(format!("moving aside {}", target.display()), e))?;
            old = Some(aside);
        }
        if let Err(e) = std::fs::rename(&staging, &target) {
            if let Some(aside) = &old {
                let _ = std::fs::rename(aside, &target);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(Error::io(format!("moving results into {}", target.display()), e));
        }
        if let Some(aside) = old {
            let _ = std::fs::remove_dir_all(aside);
        }
        Ok(target)
    }
}
