/**
 * int64 fields are plain JS numbers: every int64 in this protocol (schema versions, item counts, list
 * indexes, timestamps' seconds) fits, and one representation everywhere beats Long objects that appear
 * only when the `long` package happens to be resolvable. Imported before codecs.js, whose message
 * prototypes read this setting when they are defined.
 */
import protobuf from 'protobufjs/minimal.js';

protobuf.util.Long = undefined as unknown as typeof protobuf.util.Long;
protobuf.configure();
