package service_test

// Benchmarks of issue 10 point 3: importing and exporting a package of 1,000
// generated connectors (1 connection, 10 interfaces each), with allocations
// and the peak heap next to the time. bench/exchange.sh times the same
// through the CLI as whole processes.

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"junction/backend/exchange/exchangegen"
	"junction/backend/service"
)

const exchangeBenchConnectors = 1_000

// peakHeap samples the live heap while a benchmark runs and reports its
// highest value: memory proportional to the largest connector, not the
// package, is what streaming is for.
type peakHeap struct {
	peak atomic.Uint64
	stop chan struct{}
	wg   sync.WaitGroup
}

func startPeakHeap() *peakHeap {
	p := &peakHeap{stop: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > p.peak.Load() {
			p.peak.Store(v)
		}
	}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				read()
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return p
}

func (p *peakHeap) report(b *testing.B) {
	close(p.stop)
	p.wg.Wait()
	b.ReportMetric(float64(p.peak.Load())/(1<<20), "peak-heap-MB")
}

func BenchmarkImport1000(b *testing.B) {
	b.StopTimer()
	data, err := exchangegen.Package("e", 0, exchangeBenchConnectors)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	dir := b.TempDir()
	var peak *peakHeap
	for i := 0; i < b.N; i++ {
		svc := benchOpen(b, filepath.Join(dir, fmt.Sprint(i)))
		runtime.GC()
		if peak == nil {
			peak = startPeakHeap()
		}
		b.StartTimer()
		benchImport(b, svc, data, exchangeBenchConnectors)
		b.StopTimer()
	}
	peak.report(b)
}

func BenchmarkExport1000(b *testing.B) {
	b.StopTimer()
	data, err := exchangegen.Package("e", 0, exchangeBenchConnectors)
	if err != nil {
		b.Fatal(err)
	}
	svc := benchOpen(b, b.TempDir())
	benchImport(b, svc, data, exchangeBenchConnectors)
	keys := make([]string, 0, exchangeBenchConnectors)
	for n := 0; n < exchangeBenchConnectors; n++ {
		keys = append(keys, exchangegen.Connector("e", n).Connector.Key)
	}
	slices.Sort(keys)
	data = nil
	runtime.GC()
	peak := startPeakHeap()
	b.StartTimer()
	for i := 0; i < b.N; i++ {
		// Streamed, as the CLI writes a file: the peak heap is the export's own.
		var out countingWriter
		if err := svc.ExportTo(context.Background(), benchAdmin, keys, service.ExportOptions{}, &out, nil); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(out))
	}
	b.StopTimer()
	peak.report(b)
}

// countingWriter drops what it is given and counts the bytes.
type countingWriter int64

func (w *countingWriter) Write(p []byte) (int, error) {
	*w += countingWriter(len(p))
	return len(p), nil
}
