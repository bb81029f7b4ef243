/**
 * End-to-end encrypted QUIC streams to a public key, over the overlay (docs/SESSIONS.md). Start
 * with {@link dev.conifer.session.Sessions#start}.
 */
package dev.conifer.session;
