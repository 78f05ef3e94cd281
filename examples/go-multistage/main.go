package main

import (
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/example-org/greeter/internal/greeting"
	"github.com/google/uuid"
)

// version is overridden at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	addr := os.Getenv("ADDR")
	if addr == "" {
		addr = ":8080"
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"status": "ok", "version": version})
	})
	mux.HandleFunc("GET /hello/{name}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{
			"message":    greeting.For(r.PathValue("name")),
			"request_id": uuid.NewString(),
		})
	})

	log.Printf("greeter %s listening on %s", version, addr)
	log.Fatal(http.ListenAndServe(addr, mux))
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("encode response: %v", err)
	}
}
