//! Writing an output folder atomically and safely.
//!
//! Everything goes into a hidden staging folder beside the target and is
//! renamed into place at the end, so an interrupted or failed run leaves the
//! previous results intact and never a half-written folder. On top of that:
//!
//! - a lock per target (an advisory lock on `.agroshift-lock-NAME`, released
//!   by the system when the process dies) makes a second run into the same
//!   folder fail at once instead of silently replacing the first one's result;
//! - `--force` replaces only an empty folder or one holding an earlier result
//!   of this program (its `manifest.json`), never anything else: not even
//!   another result saved inside it, except the charts `plot` drew there
//!   (`plots-LANG`) with nothing else saved among them;
//! - staging folders left by a killed run are swept by the next run into the
//!   same parent folder (a leftover is stale when nobody holds its lock);
//! - the staging folders in use are registered, so that the signal handler
//!   can remove them before the process exits.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Error, Result, Said, said};
use crate::text::first_few;

/// Prefix of a staging folder: `.agroshift-partial-XXXXXX-NAME`.
const PARTIAL_PREFIX: &str = ".agroshift-partial-";
/// Prefix of a replaced result being removed: `.agroshift-old-XXXXXX-NAME`.
const OLD_PREFIX: &str = ".agroshift-old-";
/// Prefix of a target's lock file: `.agroshift-lock-NAME`.
const LOCK_PREFIX: &str = ".agroshift-lock-";
/// Random characters between a prefix and the target's name.
const RANDOM_CHARS: usize = 6;

/// The file that marks a folder as a result of this program.
pub const MANIFEST_FILE: &str = "manifest.json";

/// What this process would leave behind if it stopped now: staging
/// folders, lock files, and output parents it created (removed if empty).
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Removes a staging folder, a lock file or an empty folder this process
/// made, whichever `path` is. Retried a few times: another thread may still
/// be writing into a staging folder being removed.
fn remove_leftover(path: &Path) {
    for _ in 0..5 {
        let gone = match std::fs::symlink_metadata(path) {
            Err(_) => true,
            Ok(meta)
                if meta.is_dir()
                    && path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(".agroshift-")) =>
            {
                std::fs::remove_dir_all(path).is_ok()
            }
            Ok(meta) if meta.is_dir() => {
                // A parent folder agroshift created: removed only if empty.
                let _ = std::fs::remove_dir(path);
                true
            }
            Ok(_) => std::fs::remove_file(path).is_ok(),
        };
        if gone {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Held while a result is being published, so that the signal handler
/// never removes a folder in the middle of its renames.
static PUBLISHING: Mutex<()> = Mutex::new(());

/// Removes everything this process would leave behind (see `LIVE`), most
/// recent first, after any publishing under way has finished. For the
/// signal handler, just before the process exits; says whether unpublished
/// results were removed.
pub fn remove_leftovers() -> bool {
    let _publishing = PUBLISHING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut paths = std::mem::take(&mut *live());
    let mut removed_results = false;
    while let Some(path) = paths.pop() {
        removed_results |= path.file_name().is_some_and(|n| n.to_string_lossy().starts_with(PARTIAL_PREFIX));
        remove_leftover(&path);
    }
    removed_results
}

/// What the target held when the run began.
#[derive(Debug, Clone, PartialEq)]
enum TargetState {
    /// Nothing there, or an empty folder.
    Empty,
    /// An earlier result of this program: its manifest's bytes.
    EarlierResult(Vec<u8>),
}

/// The manifest's record of each result file's checksum: file name →
/// CRC-32 in hexadecimal.
const CHECKSUMS_KEY: &str = "files_crc32";

/// What an earlier result's `manifest.json` says of it.
struct EarlierManifest {
    /// The manifest's bytes.
    bytes: Vec<u8>,
    /// The files the result holds (`files`; a result saved inside it as `folder/`).
    files: Vec<String>,
    /// Each file's checksum as written (file, CRC-32 in hexadecimal); none
    /// from results written before checksums were recorded.
    checksums: Vec<(String, String)>,
}

/// The manifest of an earlier result of this program in `dir`, if `dir`
/// is one: `manifest.json` whose `program` names agroshift.
fn manifest_of(dir: &Path) -> Option<EarlierManifest> {
    let bytes = std::fs::read(dir.join(MANIFEST_FILE)).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("program")?.as_str()?.starts_with("agroshift").then_some(())?;
    let files = value.get("files")?.as_array()?.iter().filter_map(|f| f.as_str().map(String::from)).collect();
    let checksums = value
        .get(CHECKSUMS_KEY)
        .and_then(serde_json::Value::as_object)
        .map(|m| m.iter().filter_map(|(name, crc)| Some((name.clone(), crc.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    Some(EarlierManifest { bytes, files, checksums })
}

/// The CRC-32 of the file at `path`, in hexadecimal.
fn checksum(path: &Path) -> std::io::Result<String> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut hasher = crc32fast::Hasher::new();
    let mut buffer = vec![0; 1 << 16];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(format!("{:08x}", hasher.finalize()));
        }
        hasher.update(&buffer[..n]);
    }
}

/// The command that wrote the result in `dir` (`run`, `plot`, …), if `dir`
/// holds one.
fn command_of(dir: &Path) -> Option<String> {
    let bytes = std::fs::read(dir.join(MANIFEST_FILE)).ok()?;
    let value: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    value.get("command")?.as_str().map(String::from)
}

/// Files under `dir` (relative, `/`-separated, sorted), not descending into
/// folders that are themselves results of this program (they are listed as
/// `folder/`) nor listing agroshift's own temporary entries.
fn listing(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(".agroshift-") {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            if entry.file_type()?.is_dir() {
                if manifest_of(&path).is_some() {
                    out.push(format!("{rel}/"));
                } else {
                    walk(root, &path, out)?;
                }
            } else {
                out.push(rel);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

fn state_of(target: &Path) -> Result<TargetState> {
    let refuse = |reason: Said| Error::OutputRefused { path: target.to_path_buf(), reason };
    let meta = match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(TargetState::Empty),
        Err(e) if denied(&e) => {
            return Err(refuse(said(
                "không đọc được: tài khoản này không có quyền vào thư mục chứa nó",
                "cannot be read: this account has no permission to enter the folder that holds it",
            )));
        }
        Err(e) => {
            return Err(refuse(said(
                format!("không dùng làm thư mục kết quả được ({e})"),
                format!("cannot be used as an output folder ({e})"),
            )));
        }
        Ok(meta) => meta,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse(said(
            "là một liên kết (symbolic link); hãy ghi thư mục mà nó trỏ tới",
            "is a symbolic link; give the folder it points to",
        )));
    }
    if !meta.is_dir() {
        return Err(refuse(said("là một tệp, không phải thư mục", "is a file, not a folder")));
    }
    let unreadable = |e: std::io::Error| refuse(said(format!("không đọc được ({e})"), format!("cannot be read ({e})")));
    let mut entries = std::fs::read_dir(target).map_err(unreadable)?;
    if entries.next().is_none() {
        return Ok(TargetState::Empty);
    }
    let Some(EarlierManifest { bytes: manifest, files, checksums }) = manifest_of(target) else {
        return Err(refuse(said(
            "chứa các tệp không phải do agroshift ghi (không có manifest.json của phiên bản agroshift này); \
             --force chỉ thay thế kết quả cũ của agroshift và thư mục trống",
            "holds files that agroshift did not write (no manifest.json of this version of agroshift); \
             --force replaces only earlier agroshift results and empty folders",
        )));
    };
    let present = listing(target).map_err(unreadable)?;
    // A result saved inside this one (a run given `--out` inside it) is
    // work of its own, and goes only with this result if this result wrote
    // it; charts that `plot` drew of a run inside the run go with it, as
    // long as nothing else was saved among them.
    let mut nested: Vec<&String> = Vec::new();
    for f in present.iter().filter(|f| f.ends_with('/') && !files.contains(f)) {
        let dir = target.join(f.trim_end_matches('/'));
        let plot_of_this_run = f.starts_with("plots-") && f.matches('/').count() == 1;
        if !(plot_of_this_run && command_of(&dir).as_deref() == Some("plot")) {
            nested.push(f);
            continue;
        }
        // The charts `plot` drew of this run go with it, unless something in
        // them would be lost: said as that folder's own refusal (a file
        // saved among them, a report edited there).
        state_of(&dir)?;
    }
    // The shallowest first: a job's merged results/ before its parts/shard-N/.
    nested.sort_by_key(|f| (f.matches('/').count(), f.as_str()));
    if !nested.is_empty() {
        let shown = first_few(&nested, 3, "mục");
        return Err(refuse(said(
            format!(
                "có một kết quả cũ nhưng cũng có các kết quả khác lưu bên trong, hoặc tệp lưu lẫn với biểu đồ \
                 ({}), mà --force sẽ xoá; hãy chuyển chúng đi nơi khác trước",
                shown.vi
            ),
            format!(
                "holds an earlier result but also other results saved inside it, or files saved among its charts \
                 ({}), which --force would delete; move them elsewhere first",
                shown.en
            ),
        )));
    }
    let foreign: Vec<&String> =
        present.iter().filter(|f| f.as_str() != MANIFEST_FILE && !f.ends_with('/') && !files.contains(f)).collect();
    if !foreign.is_empty() {
        let shown = first_few(&foreign, 3, "mục");
        return Err(refuse(said(
            format!(
                "có một kết quả cũ nhưng cũng có các tệp không phải do agroshift ghi ({}); \
                 hãy chuyển chúng đi nơi khác trước",
                shown.vi
            ),
            format!(
                "holds an earlier result but also files agroshift did not write ({}); move them elsewhere first",
                shown.en
            ),
        )));
    }
    // A file of the result changed since it was written (a report edited
    // in Word, notes added to the workbook): replacing it would lose that
    // work, whatever --force says.
    let edited: Vec<&String> = checksums
        .iter()
        .filter(|(name, crc)| {
            // One removed since it was listed has nothing to lose.
            present.contains(name)
                && match checksum(&target.join(name)) {
                    Ok(now) => &now != crc,
                    Err(e) => e.kind() != std::io::ErrorKind::NotFound,
                }
        })
        .map(|(name, _)| name)
        .collect();
    if !edited.is_empty() {
        let shown = first_few(&edited, 3, "tệp");
        return Err(refuse(said(
            format!(
                "có một kết quả cũ, nhưng {} đã được sửa sau khi agroshift ghi, và --force sẽ xoá những thay đổi \
                 đó; hãy chuyển tệp đã sửa đi nơi khác trước",
                shown.vi
            ),
            format!(
                "holds an earlier result, but {} changed after agroshift wrote it, and --force would delete those \
                 changes; move the edited file elsewhere first",
                shown.en
            ),
        )));
    }
    Ok(TargetState::EarlierResult(manifest))
}

/// Why a folder another run holds is refused.
fn being_written() -> Said {
    said(
        "đang được một lần chạy agroshift khác ghi vào ngay lúc này",
        "is being written by another agroshift run right now",
    )
}

/// Longest name of an output folder, in bytes: file systems allow 255, and
/// the staging folder's name adds 26.
pub const MAX_NAME_BYTES: usize = 200;

/// Checks that `target` can be an output folder at all: a named folder that
/// is neither the working folder nor one of its parents. Fails before any
/// work is done.
pub fn check_target(target: &Path) -> Result<()> {
    let refuse = |reason: Said| Err(Error::OutputRefused { path: target.to_path_buf(), reason });
    match target.file_name() {
        None => {
            return refuse(said(
                "không phải tên của một thư mục riêng (như . hoặc .. hoặc /)",
                "names no folder of its own (such as . or .. or /)",
            ));
        }
        Some(name) if name.to_string_lossy().starts_with(".agroshift-") => {
            return refuse(said(
                "là tên agroshift dành cho các thư mục tạm của nó",
                "is a name agroshift keeps for its temporary folders",
            ));
        }
        Some(name) if name.len() > MAX_NAME_BYTES => {
            return refuse(said(
                format!(
                    "có tên dài {} byte; bên cạnh các thư mục tạm của agroshift chỉ vừa tối đa {MAX_NAME_BYTES} byte",
                    name.len()
                ),
                format!(
                    "has a name of {} bytes; at most {MAX_NAME_BYTES} fit beside agroshift's temporary folders",
                    name.len()
                ),
            ));
        }
        Some(_) => {}
    }
    // A file where a folder of the path should be.
    let mut above = target.parent();
    while let Some(dir) = above.filter(|d| !d.as_os_str().is_empty()) {
        if std::fs::metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return refuse(said(
                format!("nằm trong {}, nhưng {} là một tệp, không phải thư mục", dir.display(), dir.display()),
                format!("lies inside {}, which is a file", dir.display()),
            ));
        }
        above = dir.parent();
    }
    let absolute = absolute(target);
    if let Ok(cwd) = std::env::current_dir().map(|d| std::fs::canonicalize(&d).unwrap_or(d))
        && cwd.starts_with(&absolute)
    {
        return refuse(said(
            "là thư mục đang làm việc hoặc một thư mục chứa nó",
            "is the working folder or one of its parents",
        ));
    }
    Ok(())
}

/// `path` made absolute, with links resolved as far as it exists.
pub fn absolute(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    // Resolve the longest existing parent and append the rest.
    let joined = std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while let Some(parent) = existing.parent() {
        if let Some(name) = existing.file_name() {
            rest.push(name.to_os_string());
        }
        existing = parent;
        if let Ok(p) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(p, |acc, n| acc.join(n));
        }
    }
    joined
}

/// An exclusive, advisory lock on one target's name in its parent folder.
#[derive(Debug)]
struct TargetLock {
    path: PathBuf,
    file: Option<File>,
}

impl TargetLock {
    /// Takes the lock of `name` in `parent`; `Ok(None)` if another process
    /// holds it.
    fn try_take(parent: &Path, name: &str) -> Result<Option<Self>> {
        let path = parent.join(format!("{LOCK_PREFIX}{name}"));
        // A lock file removed by its owner between our open and our lock is
        // not the file at `path` any more: try again on the new one.
        for _ in 0..8 {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::io(format!("creating the lock {}", path.display()), e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => return Ok(None),
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(Error::io(format!("locking {}", path.display()), e));
                }
            }
            if same_file(&file, &path) {
                live().push(path.clone());
                return Ok(Some(Self { path, file: Some(file) }));
            }
        }
        Ok(None)
    }
}

impl Drop for TargetLock {
    fn drop(&mut self) {
        // Removed while still held, so nobody can take a lock on a file
        // that is about to disappear (see `try_take`).
        let _ = std::fs::remove_file(&self.path);
        live().retain(|p| p != &self.path);
        drop(self.file.take());
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// The target name a leftover entry of this module belongs to, if it is one.
fn leftover_owner(entry_name: &str) -> Option<(&'static str, &str)> {
    for prefix in [PARTIAL_PREFIX, OLD_PREFIX] {
        if let Some(rest) = entry_name.strip_prefix(prefix) {
            let name = rest.get(RANDOM_CHARS + 1..)?;
            return Some((prefix, name));
        }
    }
    entry_name.strip_prefix(LOCK_PREFIX).map(|name| (LOCK_PREFIX, name))
}

/// Removes what killed runs left in `parent`: staging folders, folders
/// moved aside, and lock files, of every target nobody is writing now.
/// `own` is the name whose lock this process holds.
fn sweep(parent: &Path, own: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let mut names: Vec<String> = entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).collect();
    names.sort();
    let mut owners: Vec<&str> = names.iter().filter_map(|n| leftover_owner(n).map(|(_, owner)| owner)).collect();
    owners.dedup();
    for owner in owners {
        let _held;
        if owner != own {
            match TargetLock::try_take(parent, owner) {
                Ok(Some(lock)) => _held = lock,
                _ => continue,
            }
        }
        for name in &names {
            match leftover_owner(name) {
                // An earlier result moved aside by a commit that died before
                // the new one took its place: put it back. If the new one is
                // in place, the old one was on its way out.
                Some((OLD_PREFIX, o)) if o == owner => {
                    let target = parent.join(owner);
                    if !target.exists() {
                        let _ = std::fs::rename(parent.join(name), &target);
                    } else {
                        let _ = std::fs::remove_dir_all(parent.join(name));
                    }
                }
                Some((PARTIAL_PREFIX, o)) if o == owner => {
                    let _ = std::fs::remove_dir_all(parent.join(name));
                }
                _ => {}
            }
        }
    }
}

/// An output folder being written; call [`StagedDir::commit`] to publish it.
/// Dropped without a commit, it removes its staging folder.
#[derive(Debug)]
pub struct StagedDir {
    target: PathBuf,
    staging: PathBuf,
    before: TargetState,
    command: String,
    created: CreatedFolders,
    /// Held until the result is published or dropped; `None` after that.
    lock: Option<TargetLock>,
}

/// The folders `create_parent` made, outermost first: removed again (if
/// still empty) when the run writes nothing.
#[derive(Debug, Default)]
struct CreatedFolders(Vec<PathBuf>);

impl CreatedFolders {
    fn remove(&self) {
        for dir in self.0.iter().rev() {
            let _ = std::fs::remove_dir(dir);
            live().retain(|p| p != dir);
        }
    }
}

/// Whether `e` says this account may not write or read there (a folder
/// of another user, a read-only disk), which the planner can fix by
/// choosing another folder, rather than a failure of the machine.
fn denied(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
}

/// `e` as a refusal of `target` when it is a permission or a read-only
/// disk in `parent`: said in the planner's language with what to do, exit
/// code 2, as any other output refused (it was an English "os error 13"
/// with code 1).
fn no_access(target: &Path, parent: &Path, e: Error) -> Error {
    // The folder that refused is the nearest one that exists: the missing
    // ones below it were never made.
    let refused = parent.ancestors().find(|d| d.as_os_str().is_empty() || d.exists()).unwrap_or(parent);
    let refused = if refused.as_os_str().is_empty() { Path::new(".") } else { refused };
    match e {
        // The refusal's own help says to choose another folder.
        Error::Io { source, .. } if denied(&source) => Error::OutputRefused {
            path: target.to_path_buf(),
            reason: said(
                format!(
                    "không ghi được vào {}: tài khoản này không có quyền ghi ở đó, hoặc ổ đĩa chỉ cho đọc",
                    refused.display()
                ),
                format!(
                    "cannot write in {}: this account may not write there, or the disk is read-only",
                    refused.display()
                ),
            ),
        },
        other => other,
    }
}

/// Creates `parent` and the folders above it that are missing.
fn create_parent(parent: &Path) -> Result<CreatedFolders> {
    let mut missing = Vec::new();
    let mut dir = Some(parent);
    while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty() && !d.exists()) {
        missing.push(d.to_path_buf());
        dir = d.parent();
    }
    missing.reverse();
    std::fs::create_dir_all(parent).map_err(|e| Error::io(format!("creating {}", parent.display()), e))?;
    live().extend(missing.iter().cloned());
    Ok(CreatedFolders(missing))
}

impl StagedDir {
    /// Starts writing `target` for `command` (the command's name, recorded
    /// in the folder's manifest unless the command writes its own).
    ///
    /// Fails before anything is written when the target is not a folder of
    /// its own ([`check_target`]), holds results and `force` is false, holds
    /// anything but an earlier result of this program (even with `force`),
    /// or is being written by another run.
    pub fn begin(target: &Path, force: bool, command: &str) -> Result<Self> {
        // `out/` and `out` are the same folder (a trailing slash would follow a link).
        let target: PathBuf = target.components().collect();
        let target = target.as_path();
        check_target(target)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let before = state_of(target)?;
        if matches!(before, TargetState::EarlierResult(_)) && !force {
            return Err(Error::OutputExists(target.to_path_buf()));
        }
        let created = create_parent(&parent).map_err(|e| no_access(target, &parent, e))?;
        let lock = TargetLock::try_take(&parent, &name)
            .map_err(|e| no_access(target, &parent, e))
            .inspect_err(|_| created.remove())?
            .ok_or_else(|| {
                created.remove();
                Error::OutputRefused { path: target.to_path_buf(), reason: being_written() }
            })?;
        sweep(&parent, &name);
        // Checked again under the lock: another run may have finished in between.
        if state_of(target).ok().as_ref() != Some(&before) {
            drop(lock);
            created.remove();
            return Err(Error::OutputRefused {
                path: target.to_path_buf(),
                reason: said(
                    "đã thay đổi trong lúc lần chạy này khởi động (một lần chạy khác đã ghi vào)",
                    "changed while this run was starting (another run wrote it)",
                ),
            });
        }
        let staging = match tempfile::Builder::new()
            .prefix(PARTIAL_PREFIX)
            .rand_bytes(RANDOM_CHARS)
            .suffix(&format!("-{name}"))
            .tempdir_in(&parent)
        {
            Ok(dir) => dir.keep(),
            Err(e) => {
                drop(lock);
                created.remove();
                let e = Error::io(format!("creating a temporary folder in {}", parent.display()), e);
                return Err(no_access(target, &parent, e));
            }
        };
        live().push(staging.clone());
        Ok(Self {
            target: target.to_path_buf(),
            staging,
            before,
            command: command.to_string(),
            created,
            lock: Some(lock),
        })
    }

    /// The folder to write into.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// Writes one file into the staging folder.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<()> {
        if !self.staging.is_dir() {
            return Err(Error::Failed(format!(
                "the temporary folder {} disappeared while this run worked",
                self.staging.display()
            )));
        }
        let path = self.staging.join(name);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(format!("creating {}", dir.display()), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(format!("writing {name}"), e))
    }

    /// Publishes the folder. An earlier result is moved aside and removed
    /// only after the new one is in place. If the target changed while the
    /// run worked (something other than agroshift wrote there), nothing is
    /// replaced: the results go to a new folder beside it, named in the error.
    pub fn commit(self) -> Result<PathBuf> {
        self.write_manifest_files()?;
        let _publishing = PUBLISHING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = state_of(&self.target);
        if now.as_ref().ok() != Some(&self.before) {
            return Err(self.keep_beside());
        }
        let mut aside = None;
        if self.target.exists() {
            let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let old = self.staging.with_file_name(format!(
                "{OLD_PREFIX}{}-{name}",
                &self.staging.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
                    [PARTIAL_PREFIX.len()..PARTIAL_PREFIX.len() + RANDOM_CHARS]
            ));
            std::fs::rename(&self.target, &old)
                .map_err(|e| Error::io(format!("moving aside {}", self.target.display()), e))?;
            aside = Some(old);
        }
        // Renaming a folder onto a non-empty one fails, so a result that
        // appeared in between is never replaced.
        if std::fs::rename(&self.staging, &self.target).is_err() {
            if let Some(old) = &aside
                && std::fs::rename(old, &self.target).is_err()
            {
                let kept = self.keep_beside();
                return Err(Error::Failed(format!(
                    "{kept}; the earlier result could not be put back and is in {} (rename it yourself)",
                    old.display()
                )));
            }
            return Err(self.keep_beside());
        }
        if let Some(old) = aside {
            // Anything saved into the folder while this run worked is kept.
            match state_of(&old) {
                Ok(TargetState::EarlierResult(_)) | Ok(TargetState::Empty) => {
                    let _ = std::fs::remove_dir_all(old);
                }
                _ => {
                    let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    let kept = (1..1000)
                        .map(|n| self.target.with_file_name(format!("{name}-earlier-{n}")))
                        .find(|p| !p.exists() && std::fs::rename(&old, p).is_ok())
                        .unwrap_or(old);
                    live().retain(|d| d != &self.staging && !self.created.0.contains(d));
                    return Err(Error::Failed(format!(
                        "the results are in {}, but the earlier result there had gained files agroshift did not write while this run worked; it is kept in {}",
                        self.target.display(),
                        kept.display()
                    )));
                }
            }
        }
        live().retain(|d| d != &self.staging && !self.created.0.contains(d));
        Ok(self.target.clone())
    }

    /// Writes into the folder's manifest (made here unless the command wrote
    /// its own) the list of its files and each one's checksum, by which a
    /// later `--force` tells an earlier result from a folder that also holds
    /// someone's documents, or a file of it edited since.
    fn write_manifest_files(&self) -> Result<()> {
        let path = self.staging.join(MANIFEST_FILE);
        let mut manifest: serde_json::Map<String, serde_json::Value> = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
            Err(_) => [
                ("program".to_string(), format!("agroshift {}", env!("CARGO_PKG_VERSION")).into()),
                ("command".to_string(), self.command.clone().into()),
            ]
            .into_iter()
            .collect(),
        };
        let files = listing(&self.staging).map_err(|e| Error::io("listing the results", e))?;
        let files: Vec<String> = files.into_iter().filter(|f| f != MANIFEST_FILE).collect();
        let mut checksums = serde_json::Map::new();
        for name in files.iter().filter(|f| !f.ends_with('/')) {
            let crc = checksum(&self.staging.join(name)).map_err(|e| Error::io(format!("reading {name}"), e))?;
            checksums.insert(name.clone(), crc.into());
        }
        manifest.insert("files".into(), files.into_iter().map(serde_json::Value::from).collect::<Vec<_>>().into());
        manifest.insert(CHECKSUMS_KEY.into(), checksums.into());
        self.write(MANIFEST_FILE, (serde_json::to_string_pretty(&manifest).unwrap_or_default() + "\n").as_bytes())
    }

    /// Moves the finished results to the first free `NAME-2`, `NAME-3`, …
    /// beside the target and describes where they went.
    fn keep_beside(&self) -> Error {
        let name = self.target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for n in 2..1000 {
            let other = self.target.with_file_name(format!("{name}-{n}"));
            if !other.exists() && std::fs::rename(&self.staging, &other).is_ok() {
                live().retain(|d| d != &self.staging);
                return Error::Failed(format!(
                    "{} changed while this run worked (another program wrote there), so it was left alone; \
                     the results are in {}",
                    self.target.display(),
                    other.display()
                ));
            }
        }
        Error::Failed(format!("{} changed while this run worked; the results could not be kept", self.target.display()))
    }
}

impl Drop for StagedDir {
    fn drop(&mut self) {
        let unpublished = self.staging.exists();
        if unpublished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
        live().retain(|d| d != &self.staging);
        // The lock file goes first, so that the folders made for this run
        // are empty again and can go too.
        drop(self.lock.take());
        if unpublished {
            self.created.remove();
        }
    }
}

/// A hold on a folder that is read while something is written inside it
/// (`plot` drawing into a run's folder): no run may replace the folder
/// until the hold is dropped.
#[derive(Debug)]
pub struct FolderHold {
    /// `None` where this account may not write beside the folder: it may
    /// not replace the folder either, so there is nothing to hold it against.
    _lock: Option<TargetLock>,
}

/// Holds `dir` against replacement by another run; fails if a run is
/// writing it now.
pub fn hold_folder(dir: &Path) -> Result<FolderHold> {
    let dir: PathBuf = dir.components().collect();
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let lock = TargetLock::try_take(&parent, &name);
    // Where this account may not write beside the folder, a run of another
    // account may still be writing it: its lock file says so.
    if let Err(Error::Io { source, .. }) = &lock
        && denied(source)
        && held_by_another(&parent.join(format!("{LOCK_PREFIX}{name}")))
    {
        return Err(Error::OutputRefused { path: dir, reason: being_written() });
    }
    hold_from(&dir, lock)
}

/// Whether the lock file at `path` exists and is held now (it can be
/// opened to read and locked even where it cannot be written).
fn held_by_another(path: &Path) -> bool {
    std::fs::File::open(path).is_ok_and(|file| matches!(file.try_lock(), Err(std::fs::TryLockError::WouldBlock)))
}

/// The hold that taking its lock came to: none needed where the folder's
/// parent cannot be written (a run shared read-only is still plotted, with
/// `--out` elsewhere), refused where a run is writing the folder now.
fn hold_from(dir: &Path, lock: Result<Option<TargetLock>>) -> Result<FolderHold> {
    match lock {
        Ok(Some(lock)) => Ok(FolderHold { _lock: Some(lock) }),
        Ok(None) => Err(Error::OutputRefused { path: dir.to_path_buf(), reason: being_written() }),
        Err(Error::Io { source, .. }) if denied(&source) => Ok(FolderHold { _lock: None }),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder this account may not write in is refused like any other
    /// output, with exit code 2 and what to do, in either language (the
    /// tests run as root, for whom no folder is read-only, so the error is
    /// made here rather than met).
    #[test]
    fn no_permission_to_write_is_a_refusal_in_words() {
        let denied = Error::io("creating the lock", std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        let ro = tempfile::tempdir().unwrap();
        let parent = ro.path().join("a/b");
        let e = no_access(&parent.join("out"), &parent, denied);
        assert_eq!(e.exit_code(), 2);
        let Error::OutputRefused { reason, .. } = &e else { panic!("{e:?}") };
        // Named: the folder that exists and refused, not the missing ones below it.
        let named = format!("cannot write in {}:", ro.path().display());
        assert!(reason.en.contains(&named), "{reason:?}");
        assert!(reason.vi.contains("không có quyền ghi") && !reason.vi.contains("os error"), "{reason:?}");
        // What to do is said once, by the refusal's help.
        assert!(!e.render(crate::text::Lang::Vi).contains("với --out"), "{}", e.render(crate::text::Lang::Vi));
        assert_eq!(e.render(crate::text::Lang::En).matches("--out").count(), 1, "{e}");
        // Any other failure of the machine stays what it is.
        let full = Error::io("writing", std::io::Error::from(std::io::ErrorKind::StorageFull));
        assert_eq!(no_access(Path::new("o"), Path::new("."), full).exit_code(), 1);
    }

    /// A lock held by a run of another account is seen from its file alone.
    #[test]
    fn a_lock_held_now_is_seen_without_writing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".agroshift-lock-run");
        assert!(!held_by_another(&path), "no lock file");
        let file = std::fs::File::create(&path).unwrap();
        assert!(!held_by_another(&path), "a lock file nobody holds");
        file.lock().unwrap();
        assert!(held_by_another(&path), "held");
        file.unlock().unwrap();
        assert!(!held_by_another(&path), "released");
    }

    /// A run in a folder this account may only read is still plotted
    /// (into a folder of its own): the hold against its replacement is not
    /// needed there, while any other failure to take it stays a failure.
    #[test]
    fn a_folder_that_cannot_be_written_beside_needs_no_hold() {
        let io = |kind| Err(Error::io("creating the lock", std::io::Error::from(kind)));
        let run = Path::new("shared/run");
        assert!(hold_from(run, io(std::io::ErrorKind::PermissionDenied)).is_ok_and(|h| h._lock.is_none()));
        assert!(hold_from(run, io(std::io::ErrorKind::ReadOnlyFilesystem)).is_ok());
        assert_eq!(hold_from(run, io(std::io::ErrorKind::StorageFull)).unwrap_err().exit_code(), 1);
        assert_eq!(hold_from(run, Ok(None)).unwrap_err().exit_code(), 2, "a run writing it now");
    }
}
