package postgres

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"syscall"
)

// ErrNoBinaries is returned when no PostgreSQL server binaries are found.
var ErrNoBinaries = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found: install them (apt-get install postgresql, or scripts/setup/postgres.sh) or point dsn at a running server")

// FindBinaries returns the folder holding initdb and pg_ctl: from PATH,
// else the newest /usr/lib/postgresql/N/bin (where Debian keeps them off
// PATH).
func FindBinaries() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		dir := filepath.Dir(p)
		if real, err := filepath.EvalSymlinks(p); err == nil {
			dir = filepath.Dir(real)
		}
		if _, err := os.Stat(filepath.Join(dir, "pg_ctl")); err == nil {
			return dir, nil
		}
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	return "", ErrNoBinaries
}

func version(binDir string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return v
}

// ServerOptions tune a local server.
type ServerOptions struct {
	// Durable keeps fsync and synchronous commit on. Off, the server is a
	// throwaway that loses data on a crash but starts and writes faster.
	Durable bool
}

// Server is a PostgreSQL server this process started on a free loopback
// port, with its data folder and unix socket in a private folder.
type Server struct {
	DSN     string
	Port    int
	dir     string // holds data/, the socket and the log
	bin     string
	cred    *syscall.Credential
	stopped bool
}

// StartServer initializes a cluster in a new folder under parent (the
// system temp folder when empty) and starts it. As root, initdb refuses to
// run, so the server runs as the unprivileged "postgres" user (or nobody)
// and its folder is handed to that user.
func StartServer(ctx context.Context, parent string, o ServerOptions) (*Server, error) {
	bin, err := FindBinaries()
	if err != nil {
		return nil, err
	}
	if parent != "" {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return nil, err
		}
	}
	dir, err := os.MkdirTemp(parent, "pg-")
	if err != nil {
		return nil, fmt.Errorf("embedded postgres: %w", err)
	}
	s := &Server{dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		if s.cred, err = unprivileged(); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		// The folder and every folder above it must be reachable by the
		// server's user.
		if err := os.Chown(dir, int(s.cred.Uid), int(s.cred.Gid)); err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("embedded postgres: hand %s to the server user: %w", dir, err)
		}
		if err := reachable(dir); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
	}
	data := filepath.Join(dir, "data")
	if out, err := s.run(ctx, "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("embedded postgres: initdb: %w\n%s", err, out)
	}
	settings := "-c listen_addresses=127.0.0.1 -c max_connections=50 -c shared_buffers=64MB"
	if !o.Durable {
		settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	var lastErr error
	for range 3 { // a free port can be taken between probing and binding
		port, err := freePort()
		if err != nil {
			lastErr = err
			continue
		}
		opts := fmt.Sprintf("-p %d -k %s %s", port, dir, settings)
		out, err := s.run(ctx, "pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "server.log"), "-w", "-t", "60", "start")
		if err == nil {
			s.Port = port
			s.DSN = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
			return s, nil
		}
		log, _ := os.ReadFile(filepath.Join(dir, "server.log"))
		lastErr = fmt.Errorf("pg_ctl start: %w\n%s\n%s", err, out, lastLines(log, 10))
	}
	os.RemoveAll(dir)
	return nil, fmt.Errorf("embedded postgres: %w", lastErr)
}

// Stop stops the server immediately. The data stays until Remove.
func (s *Server) Stop() error {
	if s.stopped {
		return nil
	}
	s.stopped = true
	out, err := s.run(context.Background(), "pg_ctl", "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	if err != nil {
		return fmt.Errorf("embedded postgres: pg_ctl stop: %w\n%s", err, out)
	}
	return nil
}

// Remove stops the server and deletes its folder.
func (s *Server) Remove() error {
	err := s.Stop()
	return errors.Join(err, os.RemoveAll(s.dir))
}

func (s *Server) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(s.bin, name), args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	if s.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: s.cred}
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// unprivileged returns the credentials of the postgres user, or nobody.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}, nil
	}
	return nil, errors.New("embedded postgres: running as root and no postgres or nobody user to run the server as")
}

// reachable makes every folder above dir searchable by other users, which
// a server running as another user needs to reach its data.
func reachable(dir string) error {
	for d := filepath.Dir(dir); d != "/" && d != "."; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			return err
		}
		if st.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(d, st.Mode().Perm()|0o011); err != nil {
				return fmt.Errorf("embedded postgres: make %s reachable for the server user: %w", d, err)
			}
		}
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func lastLines(b []byte, n int) string {
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}
