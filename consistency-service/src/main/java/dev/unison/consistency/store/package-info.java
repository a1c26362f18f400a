/**
 * How detector state is kept, tuned for speed and memory: the binary record serde, the object cache in front of a
 * store, the one RocksDB budget. Fenced here so the rest of the service reads plainly; each class starts with why it
 * exists, and the measurements behind it are in bench/README.md. Uses nothing else of the service.
 */
package dev.unison.consistency.store;
