package dev.unison.launcher;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports for the parts a test starts. */
final class LocalPorts {
    private LocalPorts() {
    }

    static int free() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A free port whose next port is free too: a broker's client and controller listeners. */
    static int freePair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int port = free();
            try (ServerSocket next = new ServerSocket(port + 1)) {
                return port;
            } catch (IOException e) {
                // taken: try another
            }
        }
        throw new IOException("no two free adjacent ports");
    }
}
