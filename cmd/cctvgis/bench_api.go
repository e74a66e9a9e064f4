package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"cctvgis/auth"
	"cctvgis/data"
	"cctvgis/data/rules"
	"cctvgis/data/samplecity"
	"cctvgis/internal/audit"
	"cctvgis/internal/server"
	"cctvgis/planner/coverage"
)

// runBenchAPI measures the inspection API end to end: a generated city in a real store, the
// real server on a loopback port, and N clients over HTTP, each logged in and sending a mix
// of field checks (with findings and audit entries) and reads (nearby cameras, tasks).
func runBenchAPI(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet("bench api", e.errOut)
	db := fs.String("db", "", "the store: a PostGIS URL (it is written to); default a new embedded store in a scratch folder")
	clients := fs.Int("clients", 16, "concurrent clients")
	duration := fs.Duration("duration", 20*time.Second, "how long to send requests")
	reads := fs.Float64("reads", 0.3, "share of requests that read (nearby, tasks) instead of writing a check")
	cameras := fs.Int("cameras", 25000, "cameras in the generated city")
	seed := fs.Uint64("seed", 1, "seed of the generated city and of the clients")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server and clients while they run to this file")
	pos, err := fs.parse(args)
	if err != nil {
		return err
	}
	if err := noPositional("bench api", pos); err != nil {
		return err
	}
	if *clients < 1 || *duration <= 0 || *reads < 0 || *reads > 1 || *cameras < 1 {
		return usagef("bench api: --clients and --cameras at least 1, --duration positive, --reads in 0..1")
	}
	lib, err := rules.Builtin()
	if err != nil {
		return fmt.Errorf("loading rulebooks: %w", err)
	}
	url := *db
	if url == "" {
		dir, err := os.MkdirTemp("", "cctvgis-bench-api-")
		if err != nil {
			return fmt.Errorf("making a scratch folder: %w", err)
		}
		defer func() { _ = os.RemoveAll(dir) }()
		url = "file:" + filepath.Join(dir, "bench.db")
	}
	opened, name, err := data.OpenStore(ctx, url, lib.Taxonomy, data.ReadWrite)
	if err != nil {
		return storeError(err)
	}
	defer func() { _ = opened.Close() }()
	store, ok := opened.(server.Store)
	if !ok {
		return fmt.Errorf("the %s keeps no accounts or inspections", name)
	}
	fmt.Fprintf(e.errOut, "generating and storing a city of %d cameras in the %s\n", *cameras, name)
	city, err := samplecity.Generate(ctx, samplecity.Options{Seed: *seed, Cameras: *cameras, Sites: *cameras / 3})
	if err != nil {
		return err
	}
	city.AssignIDs()
	if _, err := store.PutLayers(ctx, city); err != nil {
		return fmt.Errorf("storing the city: %w", err)
	}
	srv, err := server.New(ctx, server.Config{Rules: "yangzhou", Library: lib, Now: e.now}, store)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	serveCtx, stopServing := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx, ln) }()
	defer func() {
		stopServing()
		if err := <-served; err != nil {
			fmt.Fprintf(e.errOut, "stopping the server: %v\n", err)
		}
	}()
	svc := srv.Auth()
	base := "http://" + ln.Addr().String()

	run := fmt.Sprintf("%x", rand.Uint64())
	tokens := make([]string, *clients)
	for i := range tokens {
		name := fmt.Sprintf("bench-%s-%d", run, i)
		if _, err := svc.AddUser(ctx, name, auth.RoleInspector, "", "bench password "+run); err != nil {
			return err
		}
		if tokens[i], _, err = svc.Login(ctx, name, "bench password "+run, "127.0.0.1"); err != nil {
			return err
		}
	}
	transport := &http.Transport{MaxIdleConnsPerHost: *clients, MaxConnsPerHost: *clients}
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	defer transport.CloseIdleConnections()

	fmt.Fprintf(e.errOut, "%d clients for %s against %s\n", *clients, *duration, base)
	if *cpuProfile != "" {
		stop, err := startCPUProfile(*cpuProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	stats := make([]benchStats, *clients)
	runCtx, cancel := context.WithTimeout(ctx, *duration)
	defer cancel()
	start := e.now()
	var wg sync.WaitGroup
	for i := range *clients {
		wg.Go(func() {
			b := &benchClient{base: base, token: tokens[i], client: client, city: city, e: e, st: &stats[i],
				rng: rand.New(rand.NewPCG(*seed, uint64(i))), run: run, n: i}
			for runCtx.Err() == nil {
				if b.rng.Float64() < *reads {
					b.read(runCtx)
				} else {
					b.write(runCtx)
				}
			}
		})
	}
	wg.Wait()
	elapsed := e.now().Sub(start)
	var all benchStats
	for _, s := range stats {
		all.writes = append(all.writes, s.writes...)
		all.reads = append(all.reads, s.reads...)
		all.failed += s.failed
	}
	head, err := audit.VerifyChain(ctx, store)
	if err != nil {
		return fmt.Errorf("the audit log does not verify after the run: %w", err)
	}
	tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "requests\tcount\tper s\tp50 ms\tp95 ms\tp99 ms\t\n")
	for _, row := range []struct {
		name string
		d    []time.Duration
	}{{"inspections (POST)", all.writes}, {"reads (nearby, tasks)", all.reads}} {
		slices.Sort(row.d)
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t\n", row.name, len(row.d), float64(len(row.d))/elapsed.Seconds(),
			ms(pct(row.d, 0.50)), ms(pct(row.d, 0.95)), ms(pct(row.d, 0.99)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.out, "store: %s; %d clients for %.1f s; %d failed; audit log verified to entry %d\n",
		name, *clients, elapsed.Seconds(), all.failed, head.Seq)
	if all.failed > 0 {
		return fmt.Errorf("%d requests failed", all.failed)
	}
	return nil
}

// benchStats are one client's latencies.
type benchStats struct {
	writes, reads []time.Duration
	failed        int
}

// benchClient is one simulated phone.
type benchClient struct {
	base, token, run string
	n, seq           int
	client           *http.Client
	city             *coverage.Layers
	rng              *rand.Rand
	e                *env
	st               *benchStats
}

// write sends a check of a random camera, near it, with a lens off by up to 40° and a
// chance of an obstruction, a missing sign or a camera off, so that findings are made.
func (b *benchClient) write(ctx context.Context) {
	cam := b.city.Cameras[b.rng.IntN(len(b.city.Cameras))]
	b.seq++
	body := map[string]any{
		"id":          fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", b.rng.Uint32(), b.n, b.seq%4096, b.rng.IntN(4096), b.rng.Uint64()&0xffffffffffff),
		"camera_id":   cam.ID,
		"observed_at": b.e.now().Add(-time.Minute).UTC().Format(time.RFC3339Nano),
		"position":    map[string]any{"lat": cam.Pos[1] + 0.0001, "lon": cam.Pos[0], "accuracy_m": 5},
		"signage":     map[string]any{"present": b.rng.Float64() > 0.1, "legible": true},
		"lens":        map[string]any{"measured_azimuth_deg": float64(int(cam.Azimuth+b.rng.Float64()*40) % 360), "method": "compass"},
		"obstruction": map[string]any{"kind": "tree", "blocked_share": b.rng.Float64() * 0.4},
		"running":     b.rng.Float64() > 0.05,
	}
	if d, ok := b.do(ctx, "POST", "/api/v1/inspections", body, http.StatusCreated); ok {
		b.st.writes = append(b.st.writes, d)
	}
}

// read asks for the cameras or the tasks near a random camera.
func (b *benchClient) read(ctx context.Context) {
	cam := b.city.Cameras[b.rng.IntN(len(b.city.Cameras))]
	path := fmt.Sprintf("/api/v1/cameras/nearby?lat=%f&lon=%f&radius_m=300", cam.Pos[1], cam.Pos[0])
	if b.rng.IntN(2) == 0 {
		path = fmt.Sprintf("/api/v1/tasks?lat=%f&lon=%f&radius_m=500&limit=50", cam.Pos[1], cam.Pos[0])
	}
	if d, ok := b.do(ctx, "GET", path, nil, http.StatusOK); ok {
		b.st.reads = append(b.st.reads, d)
	}
}

// do sends one request and returns its latency, and whether it counts: a request cut off
// by the end of the run does not; a failed one is counted as failed.
func (b *benchClient) do(ctx context.Context, method, path string, body any, want int) (time.Duration, bool) {
	var r io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequestWithContext(ctx, method, b.base+path, r)
	req.Header.Set("Authorization", "Bearer "+b.token)
	t0 := b.e.now()
	res, err := b.client.Do(req)
	d := b.e.now().Sub(t0)
	if err != nil {
		if ctx.Err() != nil {
			return d, false
		}
		b.st.failed++
		return d, false
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != want {
		b.st.failed++
		return d, false
	}
	return d, true
}

func pct(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	return d[min(len(d)-1, int(p*float64(len(d))))]
}
