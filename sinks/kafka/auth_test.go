package kafka

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/prodshape/prodshape/sinks"
)

// cluster starts a kfake cluster with extra options (SASL, TLS) on loopback.
func cluster(t *testing.T, opts ...kfake.Opt) []string {
	t.Helper()
	c, err := kfake.NewCluster(append([]kfake.Opt{kfake.NumBrokers(1)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// produceSome opens a sink, writes a second of clickstream and closes it.
func produceSome(t *testing.T, cfg Config) error {
	t.Helper()
	s, err := Open(context.Background(), cfg)
	if err != nil {
		return err
	}
	n := writeAll(t, context.Background(), s, clickstream(t, 200, time.Second))
	if err := s.Close(context.Background()); err != nil {
		return err
	}
	if c := s.Counts(); c.Acked != int64(n) {
		t.Fatalf("acked %d of %d", c.Acked, n)
	}
	return nil
}

func TestSASL(t *testing.T) {
	brokers := cluster(t, kfake.EnableSASL(),
		kfake.Superuser(Plain, "plain-user", "plain-pw"),
		kfake.Superuser(ScramSHA256, "scram256", "pw256"),
		kfake.Superuser(ScramSHA512, "scram512", "pw512"),
	)
	tests := []struct {
		name    string
		sasl    *SASL
		wantErr bool
	}{
		{"PLAIN", &SASL{Mechanism: Plain, User: "plain-user", Password: "plain-pw"}, false},
		{"SCRAM-SHA-256", &SASL{Mechanism: ScramSHA256, User: "scram256", Password: "pw256"}, false},
		{"SCRAM-SHA-512", &SASL{Mechanism: "scram-sha-512", User: "scram512", Password: "pw512"}, false},
		{"wrong password", &SASL{Mechanism: ScramSHA512, User: "scram512", Password: "nope"}, true},
		{"no credentials", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := produceSome(t, Config{Conn: Conn{Brokers: brokers, SASL: tt.sasl, DialTimeout: 3 * time.Second},
				Topic: "auth", Partitions: 2})
			if tt.wantErr {
				if !errors.Is(err, sinks.ErrTarget) {
					t.Fatalf("got %v, want an error wrapping sinks.ErrTarget", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestTLS(t *testing.T) {
	caFile, serverCfg := selfSigned(t)
	brokers := cluster(t, kfake.TLS(serverCfg))
	tests := []struct {
		name    string
		tls     *TLS
		wantErr bool
	}{
		{"verified by the CA file", &TLS{CAFile: caFile}, false},
		{"unverified", &TLS{InsecureSkipVerify: true}, false},
		// The system roots do not know the test CA.
		{"system roots", &TLS{}, true},
		{"missing CA file", &TLS{CAFile: filepath.Join(t.TempDir(), "none.pem")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := produceSome(t, Config{Conn: Conn{Brokers: brokers, TLS: tt.tls, DialTimeout: 3 * time.Second},
				Topic: "tls", Partitions: 2})
			if tt.wantErr != (err != nil) {
				t.Fatalf("err = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

// selfSigned makes a CA and a server certificate for 127.0.0.1, and
// returns the CA's PEM file and the server's TLS config.
func selfSigned(t *testing.T) (string, *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "prodshape test broker"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(time.Hour),
		IPAddresses:           []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA:                  true,
		BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return caFile, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
}
