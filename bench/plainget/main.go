// Command plainget is the baseline of bench/invoke.sh: the least a Go program
// does to make the benchmark's call. It sends -n GET requests to -url, -c at
// a time (one after another by default), with one net/http client keeping
// -c connections alive, reads each answer, decodes its JSON and checks
// status 200 and code == 0. It prints one line,
// {"runs":..,"ok":..,"wallMs":..,"perSecond":..}, and exits 1 unless every
// call was ok.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	url := flag.String("url", "", "the URL to GET (http://127.0.0.1:PORT/data)")
	n := flag.Int("n", 3000, "how many requests")
	workers := flag.Int("c", 1, "how many requests at a time")
	flag.Parse()
	if *url == "" || *n < 1 || *workers < 1 || *workers > *n {
		fmt.Fprintln(os.Stderr, "usage: plainget -url URL [-n N] [-c C], 1 <= C <= N")
		os.Exit(2)
	}
	// The default transport keeps 2 idle connections a host: enough for -c 1,
	// but -c 8 would reconnect all the time, which junction does not.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = *workers
	client := &http.Client{Timeout: 60 * time.Second, Transport: transport}
	var next, ok atomic.Int64
	var wg sync.WaitGroup
	start := time.Now()
	for range *workers {
		wg.Go(func() {
			for next.Add(1) <= int64(*n) {
				if get(client, *url) {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	wall := time.Since(start)
	fmt.Printf("{\"runs\":%d,\"ok\":%d,\"wallMs\":%.1f,\"perSecond\":%.1f}\n",
		*n, ok.Load(), float64(wall)/1e6, float64(*n)/wall.Seconds())
	if ok.Load() != int64(*n) {
		os.Exit(1)
	}
}

// get makes one call and says whether it answered 200 with {"code": 0}.
func get(client *http.Client, url string) bool {
	resp, err := client.Get(url)
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		return false
	}
	var doc struct {
		Code *int `json:"code"`
	}
	if json.Unmarshal(body, &doc) != nil || doc.Code == nil {
		return false
	}
	return *doc.Code == 0
}
