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
	"path/filepath"
	"runtime/debug"
	"slices"
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
	err := run(ctx, os.Args[1:], &console{in: os.Stdin, out: os.Stdout, err: os.Stderr,
		interactive: isTerminal(os.Stdin), getenv: os.Getenv})
	stop()
	os.Exit(report(err, os.Stderr))
}

// console is what a command reads from and writes to.
type console struct {
	in          io.Reader
	out, err    io.Writer
	interactive bool // in is a terminal: a command may ask a question
	getenv      func(string) string
}

// command is one subcommand: define declares its flags on fs and returns
// the function that runs it once they are parsed.
type command struct {
	name     string
	synopsis string // its arguments, for the usage
	summary  string
	about    string // more, for its own usage
	define   func(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error
}

// commandTable lists the commands, in the order help shows them. It is a
// function, not a variable, because help refers to it.
func commandTable() []*command {
	return []*command{
		{"serve", "[flags]", "serve the portal (the default command)",
			"Serves the portal until SIGINT or SIGTERM, migrating and seeding the database first as needed.", serveCommand},
		{"import", "FILE --group NAME [flags]", "add the words of a word file to a group (created if needed)",
			"FILE is in any format the import page reads, detected from its content: a JSON array of\n" +
				"{\"kanji\" or \"japanese\", \"reading\", \"romaji\", \"english\", \"parts\"} objects (lang-portal seed\n" +
				"files); CSV or TSV with a header row (japanese/kanji/expression, reading/kana/hiragana, romaji,\n" +
				"english/meaning/definition); or Anki's Notes in Plain Text export. A missing reading is derived\n" +
				"from the romaji, a missing romaji from the reading. A word that exists already joins the group.\n" +
				"The whole file is checked first; a malformed file, a failure or Ctrl-C leaves nothing imported.", importCommand},
		{"export", "[--format words.csv|words.json|reviews.csv] [--group NAME] [--out FILE [--force]] [flags]",
			"write the words (CSV or JSON) or the review log (CSV) to stdout or a file",
			"  words.csv     japanese, reading, romaji, english, parts: a file import reads back\n" +
				"  words.json    the bootcamp JSON of lang-portal seed files, which import reads back\n" +
				"  reviews.csv   the review log in the FSRS optimizer's format (card_id is the word id)\n" +
				"The same files as the export page's downloads. --group NAME (or id) keeps one group's words.", exportCommand},
		{"backup", "FILE [--force] [flags]", "write a consistent copy of the whole database to FILE",
			"Taken while a portal serving the database goes on writing. 'langportal serve --db FILE' opens\n" +
				"the copy as it is: that is the restore. An existing FILE is kept unless --force.", backupCommand},
		{"reset", "[--full] [--yes] [flags]", "delete every study session and review; --full: back to a fresh install",
			"Asks for confirmation on a terminal; elsewhere (a script, a pipe) it needs --yes.", resetCommand},
		{"seed-demo", "[--reviews N] [--sessions N] [--words N] [--force] [flags]", "add a generated learning history (to try the pages, for benchmarks)",
			"Refuses a database that has study history already, unless --force.", seedDemoCommand},
		{"migrate", "up | down N | version | force V [flags]", "change or show the schema version",
			"  up         apply every pending migration (serve does this too)\n" +
				"  down N     revert the last N migrations (refused if fewer are applied)\n" +
				"  version    print the schema version\n" +
				"  force V    mark version V as applied and clean, running nothing: the repair after a failed\n" +
				"             migration. V is 0 (none applied) or the version of a migration of this program.", migrateCommand},
		{"rebuild", "[flags]", "recompute every count, total and word memory from the review log",
			"The review log is the source of truth: rebuild recomputes every aggregate kept beside it\n" +
				"(counts, per-day figures, each word's memory) in one transaction.", rebuildCommand},
		{"help", "[COMMAND]", "show this help, or a command's", "", helpCommand},
	}
}

func rebuildCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(0); err != nil {
			return err
		}
		if _, err := os.Stat(*dbPath); err != nil {
			return fmt.Errorf("there is no database at %s", *dbPath)
		}
		store, err := db.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		started := time.Now()
		if err := store.RebuildAggregates(ctx); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "rebuilt every aggregate and word memory from the review log in %s\n", time.Since(started).Round(time.Millisecond))
		return nil
	}
}

// run is the whole program; main only supplies its arguments and console.
func run(ctx context.Context, args []string, c *console) error {
	name, rest := splitCommand(args)
	cmd := lookup(name)
	if cmd == nil {
		return &usageError{msg: fmt.Sprintf("unknown command %q", name), usage: mainUsage()}
	}
	fs := flag.NewFlagSet("langportal "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors and help are printed by run and report
	runCmd := cmd.define(fs, c)
	positional, err := parseInterleaved(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(c.out, cmd.usage(fs))
		return nil
	}
	in := &invocation{cmd: cmd, fs: fs, args: positional}
	if err != nil {
		return in.usageError("%s", strings.Replace(err.Error(), "flag: help requested", "", 1))
	}
	return runCmd(ctx, in)
}

func lookup(name string) *command {
	for _, cmd := range commandTable() {
		if cmd.name == name {
			return cmd
		}
	}
	return nil
}

// splitCommand finds the command among args: the first argument that is
// neither a flag nor a flag's value, so that flags may come before it
// (langportal --db x.db migrate version). It returns the other arguments
// in order; with no command it is serve, and -h before one is help.
func splitCommand(args []string) (name string, rest []string) {
	valued := valueFlags()
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			return a, append(args[:i:i], args[i+1:]...)
		}
		flagName := strings.TrimLeft(a, "-")
		switch {
		case flagName == "h" || flagName == "help":
			return "help", nil
		case strings.Contains(flagName, "="):
		case valued[flagName]:
			i++ // its value
		}
	}
	return "serve", args
}

// valueFlags names the flags of every command that take a value.
func valueFlags() map[string]bool {
	valued := map[string]bool{}
	c := &console{in: strings.NewReader(""), out: io.Discard, err: io.Discard, getenv: func(string) string { return "" }}
	for _, cmd := range commandTable() {
		if cmd.name == "help" {
			continue
		}
		fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		cmd.define(fs, c)
		fs.VisitAll(func(f *flag.Flag) {
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
				valued[f.Name] = true
			}
		})
	}
	return valued
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

// invocation is a command with its parsed flags and positional arguments.
type invocation struct {
	cmd  *command
	fs   *flag.FlagSet
	args []string
}

// usageError is a mistake in the command line: report prints it with the usage.
type usageError struct {
	cmd   string // "" for the program
	msg   string
	usage string
}

func (e *usageError) Error() string {
	if e.cmd == "" {
		return e.msg
	}
	return e.cmd + ": " + e.msg
}

func (in *invocation) usageError(format string, a ...any) error {
	return &usageError{cmd: in.cmd.name, msg: fmt.Sprintf(format, a...), usage: in.cmd.usage(in.fs)}
}

// wantArgs refuses any positional arguments beyond the first n.
func (in *invocation) wantArgs(n int) error {
	if len(in.args) > n {
		return in.usageError("unexpected argument %q", in.args[n])
	}
	return nil
}

// report prints err for the user and returns the exit status: 0, 1 for a
// failure, 2 for a mistake in the command line (followed by the usage).
func report(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "langportal: %s\n\n%s", ue.Error(), ue.usage)
		return 2
	}
	fmt.Fprintln(stderr, "langportal:", err)
	return 1
}

func mainUsage() string {
	var b strings.Builder
	b.WriteString("Usage: langportal [COMMAND] [ARGUMENTS] [FLAGS]\n\nCommands:\n")
	for _, cmd := range commandTable() {
		fmt.Fprintf(&b, "  %-10s %s\n", cmd.name, cmd.summary)
	}
	b.WriteString("\nEvery command takes --db FILE (the SQLite database, default langportal.db [LANGPORTAL_DB]);\n" +
		"flags may come before or after the command. 'langportal COMMAND --help' shows a command's flags.\n")
	return b.String()
}

// usage is the command's own help: what it does and its flags.
func (cmd *command) usage(fs *flag.FlagSet) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: langportal %s %s\n\n%s\n", cmd.name, cmd.synopsis, upperFirst(cmd.summary)+".")
	if cmd.about != "" {
		fmt.Fprintf(&b, "\n%s\n", cmd.about)
	}
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nFlags (a [NAME] is the environment variable also read; flags win):\n")
			first = false
		}
		kind, text := flag.UnquoteUsage(f)
		if kind != "" {
			kind = " " + kind
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			kind = ""
		}
		fmt.Fprintf(&b, "  --%s%s\n      %s", f.Name, kind, text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(&b, " (default %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func envOr(getenv func(string) string, key, fallback string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return fallback
}

// dbFlag declares --db, which every command takes.
func dbFlag(fs *flag.FlagSet, c *console) *string {
	return fs.String("db", envOr(c.getenv, "LANGPORTAL_DB", "langportal.db"), "the SQLite database `FILE` [LANGPORTAL_DB]")
}

func helpCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbFlag(fs, c) // taken and ignored, as every command takes it
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(1); err != nil {
			return err
		}
		if len(in.args) == 0 {
			fmt.Fprint(c.out, mainUsage())
			return nil
		}
		cmd := lookup(in.args[0])
		if cmd == nil {
			return &usageError{msg: fmt.Sprintf("unknown command %q", in.args[0]), usage: mainUsage()}
		}
		cmdFlags := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
		cmd.define(cmdFlags, c)
		fmt.Fprint(c.out, cmd.usage(cmdFlags))
		return nil
	}
}

// serveConfig is serve's configuration, from flags and environment.
type serveConfig struct {
	addr           string
	db             string
	tz             string
	trustedOrigins string // comma-separated scheme://host[:port]
	allowedHosts   string // comma-separated host names
}

func serveCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	var cfg serveConfig
	dbPath := dbFlag(fs, c)
	fs.StringVar(&cfg.addr, "addr", envOr(c.getenv, "LANGPORTAL_ADDR", "127.0.0.1:8080"), "`HOST:PORT` to listen on [LANGPORTAL_ADDR]")
	fs.StringVar(&cfg.tz, "tz", c.getenv("LANGPORTAL_TZ"), "IANA time `ZONE` that days are counted in; empty for the server's [LANGPORTAL_TZ]")
	fs.StringVar(&cfg.trustedOrigins, "trusted-origins", c.getenv("LANGPORTAL_TRUSTED_ORIGINS"),
		"comma-separated `ORIGINS` (scheme://host[:port]) of external study apps that may call the API from a browser [LANGPORTAL_TRUSTED_ORIGINS]")
	fs.StringVar(&cfg.allowedHosts, "allowed-hosts", c.getenv("LANGPORTAL_ALLOWED_HOSTS"),
		"comma-separated `HOSTS` the server answers for, besides localhost and the loopback addresses [LANGPORTAL_ALLOWED_HOSTS]")
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(0); err != nil {
			return err
		}
		cfg.db = *dbPath
		tuneGC(c.getenv)
		return serve(ctx, cfg, c.err)
	}
}

// tuneGC lets the server's heap grow to five times what is live before a
// collection (GOGC=400), within a soft limit of 64 MiB of Go heap (GOMEMLIMIT), unless
// the environment sets either. What a server keeps live is small (tens of
// MiB) and every request allocates: at Go's default of twice the live heap
// the collector ran so often under load that the review write's p99 at 64
// connections was 10.6 ms rather than 9.7. The limit keeps a large import
// (about 90 MiB at its peak) within its memory budget.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(64 << 20)
	}
}

// serve runs the web server until ctx ends, then finishes the requests in
// flight and closes the database. It listens before it touches the
// database, so that a busy port leaves no new database behind.
func serve(ctx context.Context, cfg serveConfig, logTo io.Writer) error {
	// The request log is written in blocks: a write per request costs more
	// than the request's own logging. It is flushed every 100 ms and at exit.
	logOut := newLogBuffer(logTo, 100*time.Millisecond)
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
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	if exposed(ln.Addr()) {
		logger.Warn("listening beyond this machine: the portal has no login, so anyone who can reach this address can read and change everything in it",
			"addr", ln.Addr().String())
	}
	store, err := db.Open(ctx, cfg.db)
	if err != nil {
		return err
	}
	defer store.Close()

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
	stopServer(srv, shutdownTimeout, logger)
	return nil
}

// Every answer is written within writeTimeout, so a shutdown that waits a
// little longer finishes every request in flight, however slowly its
// client reads.
const (
	writeTimeout    = 15 * time.Second
	shutdownTimeout = writeTimeout + 5*time.Second
)

// stopServer finishes the requests in flight, waiting at most timeout,
// then closes what is left, and logs "stopped" either way.
func stopServer(srv *http.Server, timeout time.Duration, logger *slog.Logger) {
	logger.Info("shutting down: finishing requests in flight")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("requests still in flight were cut off", "after", timeout, "error", err)
		srv.Close()
	}
	logger.Info("stopped")
}

// exposed reports whether a listener's address is reachable from other
// machines: anything but a loopback address (0.0.0.0 and :: are every address).
func exposed(addr net.Addr) bool {
	tcp, ok := addr.(*net.TCPAddr)
	return !ok || !tcp.IP.IsLoopback()
}

func importCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	group := fs.String("group", "", "the `NAME` of the group to add the words to (created if needed)")
	return func(ctx context.Context, in *invocation) error {
		switch {
		case len(in.args) == 0:
			return in.usageError("FILE is missing")
		case *group == "":
			return in.usageError("--group is missing")
		}
		if err := in.wantArgs(1); err != nil {
			return err
		}
		file := in.args[0]
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		store, err := db.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		res, err := store.ImportFile(ctx, *group, f)
		if err != nil {
			return fmt.Errorf("import %s: %w", file, err)
		}
		state := "existing group"
		if res.GroupCreated {
			state = "new group"
		}
		out := bufio.NewWriter(c.out)
		defer out.Flush()
		fmt.Fprintf(out, "%s %q: %d added, %d already known (now also in the group)\n", state, res.Group, res.Added, res.Reused)
		for _, list := range []struct {
			mark  string
			words []db.NewWord
			total int
		}{{"+", res.FirstAdded, res.Added}, {"=", res.FirstReused, res.Reused}} {
			for _, w := range list.words {
				fmt.Fprintf(out, "  %s %s  %s  %s\n", list.mark, w.Japanese, w.Romaji, w.English)
			}
			if more := list.total - len(list.words); more > 0 {
				fmt.Fprintf(out, "  %s … and %d more\n", list.mark, more)
			}
		}
		return nil
	}
}

// exportFormats are export's --format values, as the downloads are named.
var exportFormats = []string{"words.csv", "words.json", "reviews.csv"}

func exportCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	format := fs.String("format", "words.csv", "what to write, `FORMAT`: words.csv, words.json or reviews.csv")
	group := fs.String("group", "", "only the words (or their reviews) of the group `NAME` (or id)")
	out := fs.String("out", "", "write to `FILE` instead of stdout")
	force := fs.Bool("force", false, "replace --out FILE if it exists")
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(0); err != nil {
			return err
		}
		if !slices.Contains(exportFormats, *format) {
			return in.usageError("--format must be %s, got %q", strings.Join(exportFormats, ", "), *format)
		}
		if *out != "" && !*force {
			if _, err := os.Stat(*out); err == nil {
				return fmt.Errorf("%s exists already: add --force to replace it", *out)
			}
		}
		store, err := openExisting(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		var groupID int64
		if *group != "" {
			g, err := store.FindGroup(ctx, *group)
			if err != nil {
				return err
			}
			groupID = g.ID
		}
		write := func(w io.Writer) error {
			if *format == "reviews.csv" {
				return store.ExportReviews(ctx, w, groupID)
			}
			return store.ExportWords(ctx, w, strings.TrimPrefix(*format, "words."), groupID)
		}
		if *out == "" {
			bw := bufio.NewWriter(c.out)
			if err := write(bw); err != nil {
				return err
			}
			return bw.Flush()
		}
		return writeFileAtomically(*out, write)
	}
}

func backupCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	force := fs.Bool("force", false, "replace FILE if it exists")
	return func(ctx context.Context, in *invocation) error {
		if len(in.args) == 0 {
			return in.usageError("FILE is missing")
		}
		if err := in.wantArgs(1); err != nil {
			return err
		}
		file := in.args[0]
		if same, err := samePath(file, *dbPath); err != nil || same {
			return fmt.Errorf("%s is the database itself: back it up to another file", file)
		}
		if _, err := os.Stat(file); err == nil && !*force {
			return fmt.Errorf("%s exists already: add --force to replace it", file)
		}
		store, err := openExisting(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		started := time.Now()
		// Into a new file beside FILE, renamed over it once complete: a
		// failed backup never leaves half a copy, nor spoils the old one.
		tmp := fmt.Sprintf("%s.partial-%d", file, os.Getpid())
		if err := store.Backup(ctx, tmp); err != nil {
			os.Remove(tmp)
			if ctx.Err() != nil {
				return errors.New("interrupted: no backup was written")
			}
			return err
		}
		if err := os.Rename(tmp, file); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("backup: %w", err)
		}
		info, err := os.Stat(file)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "backed up %s to %s (%.1f MB) in %s\n", *dbPath, file, float64(info.Size())/1e6, time.Since(started).Round(time.Millisecond))
		return nil
	}
}

// openExisting opens a database that must exist: export and backup never
// make a new one.
func openExisting(ctx context.Context, path string) (*db.Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("there is no database at %s", path)
	}
	return db.Open(ctx, path)
}

// samePath reports whether two paths name the same file (either may not exist).
func samePath(a, b string) (bool, error) {
	ia, erra := os.Stat(a)
	ib, errb := os.Stat(b)
	if erra == nil && errb == nil {
		return os.SameFile(ia, ib), nil
	}
	absA, err := filepath.Abs(a)
	if err != nil {
		return false, err
	}
	absB, err := filepath.Abs(b)
	return absA == absB, err
}

// writeFileAtomically writes a file through a temporary one beside it,
// renamed into place once complete: a failure leaves no half-written file.
func writeFileAtomically(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".partial-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after the rename, nothing is there
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := errors.Join(write(bw), bw.Flush(), f.Sync(), f.Close()); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

func resetCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	full := fs.Bool("full", false, "return to the freshly installed state: the starter vocabulary only")
	yes := fs.Bool("yes", false, "do not ask for confirmation (needed when stdin is not a terminal)")
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(0); err != nil {
			return err
		}
		what := "every study session and review"
		if *full {
			what = "everything (words, groups, activities, sessions and reviews) and loads the starter data again"
		}
		if !*yes {
			if !c.interactive {
				return in.usageError("this deletes %s: add --yes to confirm (stdin is not a terminal, so it cannot ask)", what)
			}
			fmt.Fprintf(c.err, "This deletes %s in %s. Type yes to go on: ", what, *dbPath)
			answer, _ := bufio.NewReader(c.in).ReadString('\n')
			if strings.ToLower(strings.TrimSpace(answer)) != "yes" {
				return errors.New("reset not confirmed: nothing was deleted")
			}
		}
		store, err := db.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		if *full {
			if err := store.FullReset(ctx); err != nil {
				return interrupted(ctx, "full reset", err)
			}
			fmt.Fprintln(c.out, "full reset: the database is as freshly installed")
			return nil
		}
		if err := store.ResetHistory(ctx); err != nil {
			return interrupted(ctx, "reset", err)
		}
		fmt.Fprintln(c.out, "history reset: every study session and review was deleted")
		return nil
	}
}

// interrupted explains a reset that stopped between its steps.
func interrupted(ctx context.Context, what string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("interrupted: the %s is not finished, part of the history is deleted; run it again to finish it", what)
	}
	return err
}

func seedDemoCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	var opts db.DemoOptions
	fs.IntVar(&opts.Reviews, "reviews", 3000, "word reviews to add (`N`)")
	fs.IntVar(&opts.Sessions, "sessions", 0, "study sessions to add (`N`; 0: one per 20 reviews)")
	fs.IntVar(&opts.Words, "words", 0, "grow the vocabulary to `N` words with synthetic demo words in demo groups (for benchmarks; default: the starter vocabulary)")
	fs.BoolVar(&opts.Force, "force", false, "add to a database that has study history already")
	return func(ctx context.Context, in *invocation) error {
		if err := in.wantArgs(0); err != nil {
			return err
		}
		for _, f := range []struct {
			name  string
			value int
		}{{"reviews", opts.Reviews}, {"sessions", opts.Sessions}, {"words", opts.Words}} {
			if f.value < 0 {
				return in.usageError("--%s must be 0 or more, got %d", f.name, f.value)
			}
		}
		store, err := db.Open(ctx, *dbPath)
		if err != nil {
			return err
		}
		defer store.Close()
		started := time.Now()
		err = store.SeedDemo(ctx, opts)
		if errors.Is(err, db.ErrHistoryExists) {
			return fmt.Errorf("%s already has study history: seed-demo would mix its generated one with it; add --force to do that anyway", *dbPath)
		}
		if err != nil && ctx.Err() != nil {
			return errors.New("interrupted: part of the demo history is written (reset to remove it)")
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "seed-demo: added %d reviews in %s\n", opts.Reviews, time.Since(started).Round(time.Millisecond))
		return nil
	}
}

func migrateCommand(fs *flag.FlagSet, c *console) func(ctx context.Context, in *invocation) error {
	dbPath := dbFlag(fs, c)
	return func(ctx context.Context, in *invocation) error {
		if len(in.args) == 0 {
			return in.usageError("migrate needs up, down N, version or force V")
		}
		sub := in.args[0]
		open := db.OpenExistingMigration // only up may create the database
		var run func(m *db.Migration) error
		switch sub {
		case "up":
			if err := in.wantArgs(1); err != nil {
				return err
			}
			open = db.OpenMigration
			run = (*db.Migration).Up
		case "version":
			if err := in.wantArgs(1); err != nil {
				return err
			}
			run = func(*db.Migration) error { return nil }
		case "down", "force":
			if len(in.args) < 2 {
				return in.usageError("migrate %s needs a number", sub)
			}
			if err := in.wantArgs(2); err != nil {
				return err
			}
			n, err := strconv.Atoi(in.args[1])
			if sub == "down" && (err != nil || n <= 0) {
				return in.usageError("N must be a positive whole number, got %q", in.args[1])
			}
			if sub == "force" && (err != nil || n < 0) {
				return in.usageError("V must be a whole number (0, or the version of a migration), got %q", in.args[1])
			}
			run = func(m *db.Migration) error { return m.Down(n) }
			if sub == "force" {
				run = func(m *db.Migration) error { return m.Force(n) }
			}
		default:
			return in.usageError("unknown migrate command %q: want up, down N, version or force V", sub)
		}
		m, err := open(*dbPath)
		if errors.Is(err, db.ErrNoDatabase) {
			return fmt.Errorf("%w: nothing to %s (serve or `langportal migrate up` creates it)", err, sub)
		}
		if err != nil {
			return err
		}
		defer m.Close()
		if err := run(m); err != nil {
			return err
		}
		v, err := m.Version()
		if err != nil {
			return err
		}
		if v > m.Latest() {
			fmt.Fprintf(c.out, "schema version %d (newer than this program's %d)\n", v, m.Latest())
			return nil
		}
		fmt.Fprintf(c.out, "schema version %d\n", v)
		return nil
	}
}

// isTerminal reports whether f is a terminal (a character device other
// than /dev/null), where a command may ask a question.
func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(fi, null)
}

// newHTTPServer wraps handler in a server that no slow or oversized client
// can hold: limits on the time to send headers and body, to write the
// answer and to sit idle, and on the size of the headers.
func newHTTPServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      writeTimeout,
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
