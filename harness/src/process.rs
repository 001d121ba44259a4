//! One supervised process — `chaoscore-node`, or the relay chain's `polkadot` — started with fixed
//! arguments and restartable with the same ones; each run's stderr goes to a log file of its own.
//! It is killed when dropped.

use crate::Result;
use std::{
	fs::File,
	path::{Path, PathBuf},
	process::{Child, Command, ExitStatus, Stdio},
	time::{Duration, Instant},
};

/// How long a process may take to exit after SIGINT before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(60);
/// Log lines [`Process::log_tail`] shows.
const TAIL_LINES: usize = 40;

/// One process, restartable with the same arguments.
pub struct Process {
	program: PathBuf,
	args: Vec<String>,
	log_dir: PathBuf,
	name: String,
	child: Option<Child>,
	starts: u32,
	log_path: PathBuf,
}

impl Process {
	/// Starts `program` with `args`; each run logs to `<log_dir>/<name>-<run>.log`.
	pub fn start(program: &Path, args: Vec<String>, log_dir: &Path, name: &str) -> Result<Self> {
		let mut process = Self {
			program: program.to_path_buf(),
			args,
			log_dir: log_dir.to_path_buf(),
			name: name.to_string(),
			child: None,
			starts: 0,
			log_path: PathBuf::new(),
		};
		process.start_again()?;
		Ok(process)
	}

	/// Starts a stopped or killed process again with the same arguments; its log goes to a new
	/// file.
	pub fn start_again(&mut self) -> Result {
		self.log_path = self.log_dir.join(format!("{}-{}.log", self.name, self.starts));
		let log = File::create(&self.log_path)?;
		let child = Command::new(&self.program)
			.args(&self.args)
			.stdout(Stdio::null())
			.stderr(log)
			.spawn()
			.map_err(|e| format!("cannot start {}: {e}", self.program.display()))?;
		self.child = Some(child);
		self.starts += 1;
		Ok(())
	}

	/// The exit status if the process has exited (`None` while it runs or after `kill`).
	pub fn exited(&mut self) -> Option<ExitStatus> {
		self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
	}

	/// Stops the process gracefully (SIGINT, as Ctrl-C) and waits for it to exit; kills it if it
	/// is still running after 60 s.
	pub fn stop(&mut self) -> Result {
		let Some(mut child) = self.child.take() else { return Ok(()) };
		Command::new("kill").args(["-INT", &child.id().to_string()]).status()?;
		let deadline = Instant::now() + STOP_TIMEOUT;
		while child.try_wait()?.is_none() {
			if Instant::now() > deadline {
				child.kill()?;
				child.wait()?;
				return Err(format!(
					"{} ignored SIGINT for {STOP_TIMEOUT:?}; killed\n{}",
					self.name,
					self.log_tail()
				)
				.into());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(())
	}

	/// Kills the process (SIGKILL: no shutdown, as in a crash).
	pub fn kill(&mut self) -> Result {
		if let Some(mut child) = self.child.take() {
			child.kill()?;
			child.wait()?;
		}
		Ok(())
	}

	/// Resident memory of the running process in MiB (from `/proc`; 0 if it is not running).
	pub fn rss_mib(&self) -> f64 {
		let Some(pid) = self.child.as_ref().map(Child::id) else { return 0.0 };
		let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
		status
			.lines()
			.find_map(|l| l.strip_prefix("VmRSS:"))
			.and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
			.map_or(0.0, |kb| kb / 1024.0)
	}

	/// The whole log of the current run.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	/// The last lines of the current run's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let log = self.log();
		let lines: Vec<&str> = log.lines().collect();
		let tail = lines[lines.len().saturating_sub(TAIL_LINES)..].join("\n");
		format!("--- last log lines of {} ({}) ---\n{tail}", self.name, self.log_path.display())
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.kill();
	}
}

/// Runs `program args` to completion and returns its stdout; fails with its stderr.
pub fn output(program: &Path, args: &[&str]) -> Result<String> {
	let out = Command::new(program).args(args).output()?;
	if !out.status.success() {
		return Err(format!(
			"{} {args:?} failed ({}):\n{}",
			program.display(),
			out.status,
			String::from_utf8_lossy(&out.stderr)
		)
		.into());
	}
	Ok(String::from_utf8(out.stdout)?)
}
