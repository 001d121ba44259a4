//! Free loopback ports, and the node keys that go with them.

use std::net::TcpListener;

/// `N` distinct free TCP ports on loopback. The listeners are held until all are bound (so the
/// OS cannot hand out one port twice) and dropped on return, so the ports are free right after.
pub fn free_ports<const N: usize>() -> [u16; N] {
	let listeners: Vec<TcpListener> = (0..N)
		.map(|_| TcpListener::bind("127.0.0.1:0").expect("the OS hands out a free loopback port"))
		.collect();
	std::array::from_fn(|i| {
		listeners[i]
			.local_addr()
			.map(|a| a.port())
			.expect("a bound listener has an address")
	})
}

/// A libp2p node key unique to the node listening on `p2p_port` (and stable across its
/// restarts). Nodes that author on a non-dev chain need one: Substrate does not generate it.
pub fn node_key(p2p_port: u16) -> String {
	format!("{p2p_port:064x}")
}
