package storetest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// AWSCLI returns a runner for the AWS command line tool (Debian's awscli
// package) against endpoint, with dummy credentials and path-style
// addressing, isolated from the user's AWS configuration. It is the
// independent client that checks what our S3 code wrote. Without a working
// `aws`, the test is skipped, or fails when CI=true.
func AWSCLI(t *testing.T, endpoint string) func(args ...string) []byte {
	t.Helper()
	bin, err := findAWS()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the AWS CLI is required in CI (apt-get install awscli): %v", err)
		}
		t.Skipf("no working AWS CLI (apt-get install awscli): %v", err)
	}
	home := t.TempDir()
	config := filepath.Join(home, "config")
	if err := os.WriteFile(config, []byte("[default]\nregion = us-east-1\ns3 =\n    addressing_style = path\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(),
		"HOME="+home,
		"AWS_CONFIG_FILE="+config,
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "credentials"),
		"AWS_ACCESS_KEY_ID=prodshape",
		"AWS_SECRET_ACCESS_KEY=prodshape",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	)
	return func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--endpoint-url", endpoint}, args...)...)
		cmd.Env = env
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("aws %q: %v\n%s", args, err, stderr.Bytes())
		}
		return out
	}
}

// findAWS returns the first `aws` on PATH that runs: a version manager's
// shim for an uninstalled CLI may come before the system package's.
func findAWS() (string, error) {
	err := exec.ErrNotFound
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		bin := filepath.Join(dir, "aws")
		if st, statErr := os.Stat(bin); statErr != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			continue
		}
		if err = exec.Command(bin, "--version").Run(); err == nil {
			return bin, nil
		}
	}
	return "", err
}
