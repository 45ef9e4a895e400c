// Command server is the loopback target of bench/invoke.sh: it listens on
// 127.0.0.1 (port 0 unless -addr says otherwise), prints its address
// (host:port) on the first line of standard output, and answers GET /data with
// the same 1 KB JSON document, {"code":0,...}, every time. GET /stats answers
// {"requests":R,"connections":C}: the GET /data requests served and the TCP
// connections accepted so far, so that a benchmark can tell how many calls a
// client made and whether it kept its connections alive.
//
// It stops by itself after -max (default 20 minutes), or on SIGINT/SIGTERM.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"junction/backend/local"
)

// payload builds a JSON object {"code":0,"msg":"ok","data":{"items":[...]}}
// of exactly size bytes (padding the last item's note).
func payload(size int) []byte {
	type item struct {
		ID   int    `json:"id"`
		Name string `json:"name"`
		Note string `json:"note"`
	}
	doc := struct {
		Code int    `json:"code"`
		Msg  string `json:"msg"`
		Data struct {
			Items []item `json:"items"`
		} `json:"data"`
	}{Msg: "ok"}
	for i := range 10 {
		doc.Data.Items = append(doc.Data.Items, item{ID: i + 1, Name: "item-" + strconv.Itoa(i+1), Note: "benchmark"})
	}
	b, _ := json.Marshal(doc)
	if pad := size - len(b); pad > 0 {
		last := &doc.Data.Items[len(doc.Data.Items)-1]
		last.Note += strings.Repeat("x", pad)
		b, _ = json.Marshal(doc)
	}
	return b
}

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "listen address (loopback only)")
	size := flag.Int("size", 1024, "response body size in bytes")
	maxLife := flag.Duration("max", 20*time.Minute, "stop after this long")
	flag.Parse()

	if err := local.CheckListenAddr(*addr); err != nil {
		fmt.Fprintln(os.Stderr, "server: -addr:", err)
		os.Exit(2)
	}
	body := payload(*size)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
	var requests, conns atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /data", func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.Write(body)
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "{\"requests\":%d,\"connections\":%d}\n", requests.Load(), conns.Load())
	})
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ConnState: func(_ net.Conn, st http.ConnState) {
			if st == http.StateNew {
				conns.Add(1)
			}
		},
	}
	fmt.Println(ln.Addr().String())

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	ctx, cancelMax := context.WithTimeout(ctx, *maxLife)
	defer cancelMax()
	go func() {
		<-ctx.Done()
		shut, done := context.WithTimeout(context.Background(), 2*time.Second)
		defer done()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}
