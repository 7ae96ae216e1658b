package org.pmos.kernel.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an app can reach: the system services, each through the capability handle the kernel gave it. */
public final class AppContext {
    private final KernelConnection kernel;

    public AppContext(KernelConnection kernel) {
        this.kernel = kernel;
    }

    public String packageName() {
        return kernel.packageName();
    }

    public KernelConnection kernel() {
        return kernel;
    }

    /** The app's own encrypted files (names, not paths: no folders, no {@code ..}). */
    public final class Storage {
        public void write(String name, byte[] data) throws IOException, ServiceException {
            kernel.call("storage", "write", List.of(name), data);
        }

        public byte[] read(String name) throws IOException, ServiceException {
            return kernel.call("storage", "read", List.of(name), new byte[0]).getData().toByteArray();
        }

        public void delete(String name) throws IOException, ServiceException {
            kernel.call("storage", "delete", List.of(name), new byte[0]);
        }
    }

    /** TEE keys of this app: used by alias, never exported. */
    public final class Keystore {
        /** Generates an EC P-256 key; returns its public key (X.509 SubjectPublicKeyInfo). */
        public byte[] generate(String alias) throws IOException, ServiceException {
            return kernel.call("keystore", "generate", List.of(alias), new byte[0]).getData().toByteArray();
        }

        public byte[] sign(String alias, byte[] data) throws IOException, ServiceException {
            return kernel.call("keystore", "sign", List.of(alias), data).getData().toByteArray();
        }
    }

    /** Connections the kernel makes on the app's behalf, to destinations the policy allows. */
    public final class Network {
        /** Sends {@code data} to host:port and returns what the peer sent back before closing. */
        public byte[] exchange(String host, int port, byte[] data) throws IOException, ServiceException {
            return kernel.call("network", "exchange", List.of(host, Integer.toString(port)), data).getData().toByteArray();
        }

        /** Opens a stream connection to host:port (allowlisted) that stays open until closed. */
        public KernelStream open(String host, int port) throws IOException, ServiceException {
            return new KernelStream(kernel, kernel.call("network", "open", List.of(host, Integer.toString(port)), new byte[0])
                    .getValues(0));
        }
    }

    /** The screen (text) and the user's input, while the app is in the foreground. */
    public final class Screen {
        public void show(String text) throws IOException, ServiceException {
            kernel.call("screen", "show", List.of(), text.getBytes(StandardCharsets.UTF_8));
        }

        /** The next line the user typed; waits for it. */
        public String nextInput() throws IOException, ServiceException {
            return kernel.call("input", "next", List.of(), new byte[0]).getData().toStringUtf8();
        }

        /** The next line the user typed, waiting at most {@code wait} (at most 2 s); empty when none. */
        public java.util.Optional<String> pollInput(java.time.Duration wait) throws IOException, ServiceException {
            var r = kernel.call("input", "poll", List.of(Long.toString(wait.toMillis())), new byte[0]);
            return r.getValuesList().contains("none") ? java.util.Optional.empty() : java.util.Optional.of(r.getData().toStringUtf8());
        }
    }

    public Storage storage() {
        return new Storage();
    }

    public Keystore keystore() {
        return new Keystore();
    }

    public Network network() {
        return new Network();
    }

    public Screen screen() {
        return new Screen();
    }

    /** The handset's enrolled identity (device certificate; signing in the TEE). */
    public EnrolledIdentity identity() {
        return new EnrolledIdentity(kernel);
    }
}
