package org.pmos.kernel.services;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pmos.kernel.ipc.ServiceCallException;
import org.pmos.kernel.sdk.proto.Status;

/**
 * The stream connections the kernel holds for apps ({@code network.open/send/receive/close}):
 * per package, numbered from 1, at most {@link #MAX_PER_APP}; an app names only its own. The
 * bytes are the app's (police chat runs TLS inside them); the kernel only carries them, to a
 * destination the allowlist gave the app.
 */
final class NetworkStreams {
    static final int MAX_PER_APP = 8;
    static final int MAX_CHUNK = 64 * 1024;
    static final int MAX_WAIT_MILLIS = 2_000;

    private final Map<String, Map<Integer, Socket>> streams = new ConcurrentHashMap<>();
    private final Map<String, Integer> nextId = new ConcurrentHashMap<>();

    int open(String pkg, String host, int port) throws ServiceCallException {
        Map<Integer, Socket> mine = streams.computeIfAbsent(pkg, p -> new HashMap<>());
        synchronized (mine) {
            if (mine.size() >= MAX_PER_APP) {
                throw new ServiceCallException(Status.BAD_REQUEST, "too many open streams");
            }
        }
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), 10_000);
        } catch (IOException e) {
            closeQuietly(s);
            throw new ServiceCallException(Status.FAILED, "connection to " + host + ":" + port + " failed");
        }
        int id = nextId.merge(pkg, 1, Integer::sum);
        synchronized (mine) {
            mine.put(id, s);
        }
        return id;
    }

    void send(String pkg, int id, byte[] data) throws ServiceCallException {
        Socket s = socket(pkg, id);
        try {
            s.getOutputStream().write(data);
            s.getOutputStream().flush();
        } catch (IOException e) {
            close(pkg, id);
            throw new ServiceCallException(Status.FAILED, "stream " + id + " is closed");
        }
    }

    /** Up to {@link #MAX_CHUNK} bytes that arrived, waiting at most {@code waitMillis}; empty when none; EOF: empty, closed. */
    Received receive(String pkg, int id, int waitMillis) throws ServiceCallException {
        Socket s = socket(pkg, id);
        byte[] buf = new byte[MAX_CHUNK];
        try {
            s.setSoTimeout(Math.max(1, Math.min(waitMillis, MAX_WAIT_MILLIS)));
            InputStream in = s.getInputStream();
            int n = in.read(buf);
            if (n < 0) {
                close(pkg, id);
                return new Received(new byte[0], true);
            }
            return new Received(Arrays.copyOf(buf, n), false);
        } catch (SocketTimeoutException e) {
            return new Received(new byte[0], false);
        } catch (IOException e) {
            close(pkg, id);
            return new Received(new byte[0], true);
        }
    }

    record Received(byte[] data, boolean eof) {}

    void close(String pkg, int id) {
        Map<Integer, Socket> mine = streams.get(pkg);
        if (mine != null) {
            Socket s;
            synchronized (mine) {
                s = mine.remove(id);
            }
            closeQuietly(s);
        }
    }

    /** The app stopped: every stream it held is closed. */
    void closeAll(String pkg) {
        Map<Integer, Socket> mine = streams.remove(pkg);
        if (mine != null) {
            synchronized (mine) {
                mine.values().forEach(NetworkStreams::closeQuietly);
                mine.clear();
            }
        }
    }

    private Socket socket(String pkg, int id) throws ServiceCallException {
        Map<Integer, Socket> mine = streams.get(pkg);
        Socket s = null;
        if (mine != null) {
            synchronized (mine) {
                s = mine.get(id);
            }
        }
        return Optional.ofNullable(s).orElseThrow(() -> new ServiceCallException(Status.NOT_FOUND, "no stream " + id));
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
