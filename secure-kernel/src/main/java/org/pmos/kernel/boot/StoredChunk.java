package org.pmos.kernel.boot;

/**
 * A piece of one fastboot frame's payload that the transport already put into the download
 * file ({@link DownloadSplicer}) instead of passing the bytes; {@code last} when it ends the
 * frame.
 */
record StoredChunk(long length, boolean last) { }
