// inventory-api tells the shop's other services how many of an item are in
// stock. It uses only the standard library.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type item struct {
	SKU     string `json:"sku"`
	Name    string `json:"name"`
	InStock int    `json:"in_stock"`
}

var stock = map[string]item{
	"MUG-001": {SKU: "MUG-001", Name: "Enamel mug", InStock: 42},
	"TEE-014": {SKU: "TEE-014", Name: "Logo T-shirt", InStock: 7},
	"CAP-003": {SKU: "CAP-003", Name: "Baseball cap", InStock: 0},
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		log.Printf("writing response: %v", err)
	}
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /items/{sku}", func(w http.ResponseWriter, r *http.Request) {
		it, ok := stock[r.PathValue("sku")]
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown sku"})
			return
		}
		writeJSON(w, http.StatusOK, it)
	})

	addr := ":8080"
	if port := os.Getenv("PORT"); port != "" {
		addr = ":" + port
	}
	srv := &http.Server{Addr: addr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}

	// `docker stop` sends SIGTERM to the container's PID 1. When it arrives,
	// stop accepting connections, let requests in flight finish, then exit.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()

	go func() {
		log.Printf("inventory-api listening on %s", addr)
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Fatalf("server failed: %v", err)
		}
	}()

	<-ctx.Done()
	log.Print("stop signal received, shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		log.Printf("shutdown: %v", err)
	}
	log.Print("shutdown complete")
}
