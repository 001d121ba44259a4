//! Nothing to link: this crate holds the zombienet smoke test (`tests/smoke.rs`) of the network
//! defined in `local.toml`. Run it with `scripts/zombienet.sh`.
