//! Generated agents for the benchmarks: agent number `i` always gets the same deterministic,
//! varied name, category, region, tier, tools, capabilities, latency and capability document.

use crate::{agent::Metadata, call};
use serde_json::json;
use subxt::dynamic::Value;

/// Agent categories.
pub const CATEGORIES: [&str; 8] =
	["coding", "translation", "analytics", "research", "support", "finance", "media", "security"];
/// Agent regions.
pub const REGIONS: [&str; 5] = ["eu-west", "us-east", "ap-south", "sa-east", "af-north"];
/// First words of agent names.
pub const ADJECTIVES: [&str; 16] = [
	"swift", "careful", "quiet", "bold", "clever", "steady", "rapid", "precise", "rust",
	"polyglot", "frugal", "tireless", "curious", "lucid", "nimble", "stoic",
];
/// Second words of agent names.
pub const NOUNS: [&str; 16] = [
	"reviewer",
	"coder",
	"translator",
	"analyst",
	"scout",
	"auditor",
	"writer",
	"planner",
	"tutor",
	"broker",
	"curator",
	"oracle",
	"sentinel",
	"crafter",
	"mapper",
	"solver",
];
/// Tool names agents declare.
pub const TOOLS: [&str; 16] = [
	"git.diff",
	"cargo.check",
	"sql.query",
	"web.search",
	"pdf.extract",
	"http.get",
	"shell.run",
	"image.resize",
	"csv.parse",
	"email.send",
	"calendar.read",
	"vector.search",
	"kube.apply",
	"docker.build",
	"s3.put",
	"slack.post",
];
/// Capability names agents declare.
pub const CAPABILITIES: [&str; 12] = [
	"code-review",
	"code-generation",
	"translation",
	"data-analysis",
	"summarization",
	"research",
	"monitoring",
	"scheduling",
	"negotiation",
	"transcription",
	"classification",
	"planning",
];

/// The metadata of one generated agent.
pub struct BenchAgent {
	/// Two words and the unique token `n{i:07}`.
	pub name: String,
	/// One of [`CATEGORIES`].
	pub category: &'static str,
	/// `bench` and the category.
	pub tags: Vec<String>,
	/// Two or three of [`TOOLS`].
	pub tools: Vec<&'static str>,
	/// One or two of [`CAPABILITIES`].
	pub capabilities: Vec<&'static str>,
	/// One of [`REGIONS`].
	pub region: &'static str,
	/// 0..=3.
	pub tier: u8,
	/// 20..=2000 ms.
	pub latency_ms: u32,
	/// An MCP endpoint (else A2A).
	pub mcp: bool,
}

/// Deterministic, varied metadata of agent number `i`. The name's `n{i:07}` token is unique.
pub fn bench_agent(i: usize) -> BenchAgent {
	let mut tools = vec![TOOLS[i % 16], TOOLS[(i * 7 + 3) % 16]];
	if i.is_multiple_of(5) {
		tools.push(TOOLS[(i * 11 + 5) % 16]);
	}
	tools.dedup();
	let mut capabilities = vec![CAPABILITIES[(i / 3) % 12]];
	if i.is_multiple_of(2) && CAPABILITIES[(i * 5 + 1) % 12] != capabilities[0] {
		capabilities.push(CAPABILITIES[(i * 5 + 1) % 12]);
	}
	let category = CATEGORIES[(i / 7) % 8];
	BenchAgent {
		name: format!("{} {} n{i:07}", ADJECTIVES[i % 16], NOUNS[(i / 16) % 16]),
		category,
		tags: vec!["bench".into(), category.into()],
		tools,
		capabilities,
		region: REGIONS[(i * 3 + i / 16) % 5],
		tier: (i % 4) as u8,
		latency_ms: 20 + ((i * 7919) % 1981) as u32,
		mcp: i.is_multiple_of(3),
	}
}

impl BenchAgent {
	/// The capability document. Its description repeats the metadata's words only, so a client
	/// that cannot see documents (they are not in state) matches text exactly like the index.
	pub fn document(&self) -> String {
		json!({
			"name": self.name,
			"description": format!("{} {} {}", self.name, self.category, self.capabilities.join(" ")),
			"tools": self.tools,
		})
		.to_string()
	}

	/// `AgentRegistry::register` of this agent (number `i`) under `agent_key`, which gives
	/// `consent` (see [`crate::consent`]).
	pub fn register_call(&self, i: usize, agent_key: [u8; 32], consent: Value) -> Value {
		let document = self.document();
		let endpoint = if self.mcp {
			("Mcp", format!("https://a{i}.example/mcp"))
		} else {
			("A2a", format!("https://a{i}.example/a2a"))
		};
		let metadata = Metadata {
			name: &self.name,
			category: self.category,
			tags: self.tags.iter().map(String::as_str).collect(),
			tools: self.tools.clone(),
			capabilities: self.capabilities.clone(),
			endpoint: (endpoint.0, &endpoint.1),
			region: self.region,
			tier: self.tier,
			latency_ms: self.latency_ms,
			document: &document,
		};
		call(
			"AgentRegistry",
			"register",
			vec![
				("agent_key", Value::from_bytes(agent_key)),
				("key_consent", consent),
				("metadata", metadata.value()),
				("document", Value::from_bytes(document)),
			],
		)
	}
}
