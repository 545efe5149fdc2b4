// Command langportal is a self-hosted language-learning portal: a vocabulary
// inventory, a learning record store and a launchpad for study activities.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"langportal/db"
	"langportal/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "langportal:", err)
		os.Exit(1)
	}
}

const usage = `Usage: langportal [command] [arguments] [flags]

Commands:
  serve                      serve the portal (the default)
  import FILE --group NAME   add the words of a JSON file to a group (created if needed)
  reset [--full]             delete every session and review; --full: back to a fresh install
  seed-demo [--reviews N]    add a realistic learning history (for trying it out and benchmarks)
  migrate up                 apply every pending migration
  migrate down N             revert the last N migrations
  migrate version            print the schema version
  migrate force V            mark version V as applied and clean (repair after a failed migration)

Flags (those in brackets are also read from that environment variable; flags win):
`

// config is the program's configuration, from flags and environment.
type config struct {
	addr           string
	db             string
	tz             string
	trustedOrigins string // comma-separated scheme://host[:port]
	allowedHosts   string // comma-separated host names
	group          string // import: the group to add words to
	full           bool   // reset: a full reset
	demo           db.DemoOptions
}

// run is the whole program; main only supplies its arguments and outputs.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	getenv := os.Getenv
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	fs := flag.NewFlagSet("langportal", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	cfg := config{}
	fs.StringVar(&cfg.addr, "addr", envOr(getenv, "LANGPORTAL_ADDR", "127.0.0.1:8080"), "address to listen on [LANGPORTAL_ADDR]")
	fs.StringVar(&cfg.db, "db", envOr(getenv, "LANGPORTAL_DB", "langportal.db"), "SQLite database file [LANGPORTAL_DB]")
	fs.StringVar(&cfg.tz, "tz", getenv("LANGPORTAL_TZ"), "IANA time zone that days are counted in; empty for the server's [LANGPORTAL_TZ]")
	fs.StringVar(&cfg.trustedOrigins, "trusted-origins", getenv("LANGPORTAL_TRUSTED_ORIGINS"),
		"comma-separated origins (scheme://host[:port]) of external study apps that may call the API from a browser [LANGPORTAL_TRUSTED_ORIGINS]")
	fs.StringVar(&cfg.allowedHosts, "allowed-hosts", getenv("LANGPORTAL_ALLOWED_HOSTS"),
		"comma-separated host names the server answers for, besides localhost and the loopback addresses [LANGPORTAL_ALLOWED_HOSTS]")
	fs.StringVar(&cfg.group, "group", "", "import: the group to add the words to")
	fs.BoolVar(&cfg.full, "full", false, "reset: return to the freshly installed state")
	fs.IntVar(&cfg.demo.Reviews, "reviews", 1000000, "seed-demo: word reviews to add")
	fs.IntVar(&cfg.demo.Sessions, "sessions", 0, "seed-demo: study sessions to add (default: one per 20 reviews)")
	fs.IntVar(&cfg.demo.Words, "words", 10000, "seed-demo: words the vocabulary should have")
	positional, err := parseInterleaved(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	switch cmd {
	case "serve":
		if len(positional) > 0 {
			return fmt.Errorf("serve takes no arguments, got %q", positional)
		}
		return serve(ctx, cfg, stdout)
	case "import":
		if len(positional) != 1 || cfg.group == "" {
			return errors.New("usage: langportal import FILE --group NAME")
		}
		return importCommand(ctx, cfg, positional[0], stdout)
	case "reset":
		if len(positional) > 0 {
			return fmt.Errorf("reset takes no arguments, got %q", positional)
		}
		return resetCommand(ctx, cfg, stdout)
	case "seed-demo":
		return seedDemoCommand(ctx, cfg, stdout)
	case "migrate":
		return migrateCommand(cfg, positional, stdout)
	case "help":
		fs.Usage()
		return nil
	}
	fs.Usage()
	return fmt.Errorf("unknown command %q", cmd)
}

// parseInterleaved parses flags that may come before, between or after the
// positional arguments, which it returns in order.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// serve runs the web server until ctx ends, then finishes the requests in
// flight and closes the database.
func serve(ctx context.Context, cfg config, stdout io.Writer) error {
	// The request log is written in blocks: a write per request costs more
	// than the request's own logging. It is flushed every 100 ms and at exit.
	logOut := newLogBuffer(stdout, 100*time.Millisecond)
	defer logOut.Close()
	logger := slog.New(slog.NewJSONHandler(logOut, nil))
	zone := time.Local
	if cfg.tz != "" {
		var err error
		if zone, err = time.LoadLocation(cfg.tz); err != nil {
			return fmt.Errorf("time zone %q: %w", cfg.tz, err)
		}
	}
	origins, err := parseOrigins(cfg.trustedOrigins)
	if err != nil {
		return err
	}
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	// The address the server is bound to is always one of its host names.
	hosts := splitList(cfg.allowedHosts)
	if host, _, err := net.SplitHostPort(ln.Addr().String()); err == nil {
		hosts = append(hosts, host)
	}
	if host, _, err := net.SplitHostPort(cfg.addr); err == nil && host != "" {
		hosts = append(hosts, host)
	}
	handler, err := web.New(store, logger, web.Options{Zone: zone, TrustedOrigins: origins, AllowedHosts: hosts})
	if err != nil {
		return err
	}
	srv := newHTTPServer(handler, logger)
	logger.Info("listening", "url", "http://"+ln.Addr().String(), "db", cfg.db, "zone", zone.String())
	logOut.Flush()

	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down: finishing requests in flight")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// newHTTPServer wraps handler in a server that no slow or oversized client
// can hold: limits on the time to send headers and body, to write the
// answer and to sit idle, and on the size of the headers.
func newHTTPServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// splitList splits a comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var items []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}

// parseOrigins reads a comma-separated list of origins: scheme://host[:port].
func parseOrigins(s string) ([]string, error) {
	var origins []string
	for _, item := range splitList(s) {
		u, err := url.Parse(item)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			return nil, fmt.Errorf("trusted origin %q: want scheme://host[:port], such as http://localhost:8081", item)
		}
		origins = append(origins, u.Scheme+"://"+u.Host)
	}
	return origins, nil
}

// migrateCommand runs `langportal migrate up | down N | version | force V`.
func migrateCommand(cfg config, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("migrate needs up, down N, version or force V")
	}
	number := func() (int, error) {
		if len(args) != 2 {
			return 0, fmt.Errorf("migrate %s needs one number", args[0])
		}
		return strconv.Atoi(args[1])
	}
	m, err := db.OpenMigration(cfg.db)
	if err != nil {
		return err
	}
	defer m.Close()
	switch args[0] {
	case "up":
		if err := m.Up(); err != nil {
			return err
		}
	case "down":
		n, err := number()
		if err != nil {
			return err
		}
		if err := m.Down(n); err != nil {
			return err
		}
	case "force":
		v, err := number()
		if err != nil {
			return err
		}
		if err := m.Force(v); err != nil {
			return err
		}
	case "version":
	default:
		return fmt.Errorf("unknown migrate command %q", args[0])
	}
	v, err := m.Version()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema version %d\n", v)
	return nil
}

// importCommand runs `langportal import FILE --group NAME`.
func importCommand(ctx context.Context, cfg config, file string, stdout io.Writer) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	words, err := db.ParseWords(f)
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was imported)", file, err)
	}
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()
	res, err := store.ImportWords(ctx, cfg.group, words)
	if err != nil {
		return err
	}
	state := "existing group"
	if res.GroupCreated {
		state = "new group"
	}
	fmt.Fprintf(stdout, "%s %q: %d added, %d already known (now also in the group)\n",
		state, res.Group, len(res.Added), len(res.Reused))
	for _, w := range res.Added {
		fmt.Fprintf(stdout, "  + %s  %s  %s\n", w.Japanese, w.Romaji, w.English)
	}
	for _, w := range res.Reused {
		fmt.Fprintf(stdout, "  = %s  %s  %s\n", w.Japanese, w.Romaji, w.English)
	}
	return nil
}

// resetCommand runs `langportal reset [--full]`.
func resetCommand(ctx context.Context, cfg config, stdout io.Writer) error {
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()
	if cfg.full {
		if err := store.FullReset(ctx); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "full reset: the database is as freshly installed")
		return nil
	}
	if err := store.ResetHistory(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "history reset: every study session and review was deleted")
	return nil
}

// seedDemoCommand runs `langportal seed-demo --reviews N [--sessions N] [--words N]`.
func seedDemoCommand(ctx context.Context, cfg config, stdout io.Writer) error {
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()
	started := time.Now()
	if err := store.SeedDemo(ctx, cfg.demo); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seed-demo: added %d reviews in %s\n", cfg.demo.Reviews, time.Since(started).Round(time.Millisecond))
	return nil
}

// logBuffer buffers log lines and writes them out every interval, when the
// buffer fills, and on Flush and Close.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

func newLogBuffer(w io.Writer, interval time.Duration) *logBuffer {
	b := &logBuffer{w: bufio.NewWriterSize(w, 64<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				b.Flush()
			case <-b.stop:
				return
			}
		}
	}()
	return b
}

// Write implements io.Writer.
func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Write(p)
}

// Flush writes out what is buffered.
func (b *logBuffer) Flush() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.w.Flush()
}

// Close stops the flushing and writes out the rest.
func (b *logBuffer) Close() error {
	close(b.stop)
	<-b.done
	return b.Flush()
}
