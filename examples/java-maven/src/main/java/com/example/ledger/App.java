package com.example.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.Executors;

public final class App {

    private App() {
    }

    public static void main(String[] args) throws IOException {
        Properties config = loadConfig();
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", config.getProperty("server.port", "8080")));
        Ledger ledger = Ledger.withSampleEntries();

        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/healthz", exchange -> respond(exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/balance", exchange ->
                respond(exchange, 200, "{\"balanceCents\":" + ledger.balanceCents() + "}"));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();

        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(2)));
        System.out.printf("ledger listening on :%d%n", port);
    }

    private static Properties loadConfig() throws IOException {
        Properties props = new Properties();
        try (InputStream in = App.class.getResourceAsStream("/application.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        return props;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
