//! A node process (`chaoscore-node` or the relay chain's `polkadot`) started with fixed arguments,
//! its stderr in a log file per run; killed when dropped.

use super::TestResult;
use std::{
	fs::File,
	path::{Path, PathBuf},
	process::{Child, Command, Stdio},
	time::{Duration, Instant},
};

/// One node process, restartable with the same arguments.
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
	pub fn start(program: &Path, args: Vec<String>, log_dir: &Path, name: &str) -> TestResult<Self> {
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

	/// Starts a stopped or killed process again with the same arguments.
	pub fn start_again(&mut self) -> TestResult {
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
	pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
		self.child.as_mut().and_then(|c| c.try_wait().ok().flatten())
	}

	/// Stops the process gracefully (SIGINT, as Ctrl-C) and waits for it to exit.
	pub fn stop(&mut self) -> TestResult {
		let Some(mut child) = self.child.take() else { return Ok(()) };
		Command::new("kill").args(["-INT", &child.id().to_string()]).status()?;
		let deadline = Instant::now() + Duration::from_secs(60);
		while child.try_wait()?.is_none() {
			if Instant::now() > deadline {
				child.kill()?;
				return Err(format!("{} ignored SIGINT for 60 s\n{}", self.name, self.log_tail()).into());
			}
			std::thread::sleep(Duration::from_millis(100));
		}
		Ok(())
	}

	/// Kills the process (SIGKILL: no shutdown, as in a crash).
	pub fn kill(&mut self) -> TestResult {
		if let Some(mut child) = self.child.take() {
			child.kill()?;
			child.wait()?;
		}
		Ok(())
	}

	/// The whole log of the current run.
	pub fn log(&self) -> String {
		std::fs::read_to_string(&self.log_path).unwrap_or_default()
	}

	/// The last lines of the current run's log, for failure messages.
	pub fn log_tail(&self) -> String {
		let log = self.log();
		let lines: Vec<&str> = log.lines().collect();
		let tail = lines[lines.len().saturating_sub(40)..].join("\n");
		format!("--- last log lines of {} ({}) ---\n{tail}", self.name, self.log_path.display())
	}
}

impl Drop for Process {
	fn drop(&mut self) {
		let _ = self.kill();
	}
}
