/**
 * Conifer as a library: {@link dev.conifer.embed.Conifer} starts a node inside an application (key,
 * links, sessions, messages, blobs, sync) and closes it again. docs/EMBEDDING.md shows how.
 */
package dev.conifer.embed;
