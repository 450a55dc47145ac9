package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"

	"github.com/prodshape/prodshape/analysis"
)

// JUnit document types: the subset of the JUnit XML format CI systems
// (GitHub, GitLab, Jenkins) read. They are exported so tests and tools can
// parse junit.xml back.
type (
	JUnitSuites struct {
		XMLName  xml.Name     `xml:"testsuites"`
		Name     string       `xml:"name,attr"`
		Tests    int          `xml:"tests,attr"`
		Failures int          `xml:"failures,attr"`
		Errors   int          `xml:"errors,attr"`
		Time     string       `xml:"time,attr"`
		Suites   []JUnitSuite `xml:"testsuite"`
	}
	JUnitSuite struct {
		Name       string          `xml:"name,attr"`
		Tests      int             `xml:"tests,attr"`
		Failures   int             `xml:"failures,attr"`
		Errors     int             `xml:"errors,attr"`
		Skipped    int             `xml:"skipped,attr"`
		Time       string          `xml:"time,attr"`
		Timestamp  string          `xml:"timestamp,attr,omitempty"`
		Properties []JUnitProperty `xml:"properties>property"`
		Cases      []JUnitCase     `xml:"testcase"`
		SystemOut  string          `xml:"system-out,omitempty"`
	}
	JUnitProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	JUnitCase struct {
		Name      string        `xml:"name,attr"`
		ClassName string        `xml:"classname,attr"`
		Time      string        `xml:"time,attr"`
		Failure   *JUnitFailure `xml:"failure"`
		Error     *JUnitFailure `xml:"error"`
	}
	JUnitFailure struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr"`
		Text    string `xml:",chardata"`
	}
)

// JUnit writes junit.xml: one test case per goal; a missed goal is a
// failure whose message carries actual against target. A run that did not
// complete adds an error case, so CI does not read a crash as a pass.
func JUnit(w io.Writer, r *analysis.Result) error {
	suite := JUnitSuite{Name: "prodshape." + r.Scenario, Time: "0"}
	if !r.Started.IsZero() && !r.Finished.IsZero() {
		suite.Time = strconv.FormatFloat(r.Finished.Sub(r.Started).Seconds(), 'f', 3, 64)
		suite.Timestamp = r.Started.UTC().Format("2006-01-02T15:04:05")
	}
	for _, f := range RunFacts(r) {
		suite.Properties = append(suite.Properties, JUnitProperty{Name: f[0], Value: f[1]})
	}
	suite.Properties = append(suite.Properties, JUnitProperty{Name: "verdict", Value: verdict(r)})
	for _, g := range GoalRows(r) {
		c := JUnitCase{Name: g.Metric + " " + g.Target, ClassName: "prodshape." + r.Scenario + ".goals", Time: "0"}
		where := ""
		if g.Projected {
			where = " at production volume"
		}
		switch g.Status {
		case StatusMissed:
			c.Failure = &JUnitFailure{Type: "goal missed",
				Message: fmt.Sprintf("%s = %s%s, goal %s (headroom %s)", g.Graded, g.Actual, where, g.Target, g.Headroom),
				Text:    keyFigure(g)}
		case StatusNotMeasured:
			c.Failure = &JUnitFailure{Type: "not measured",
				Message: fmt.Sprintf("%s not measured, goal %s", g.Graded, g.Target),
				Text:    "The run produced no value for " + g.Graded + "; check that the scenario's system produces this metric (prodshape metrics lists them)."}
		}
		if c.Failure != nil {
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	if r.Status != "" && r.Status != analysis.StatusComplete {
		suite.Errors++
		suite.Cases = append(suite.Cases, JUnitCase{Name: "run completes", ClassName: "prodshape." + r.Scenario, Time: "0",
			Error: &JUnitFailure{Type: r.Status, Message: "run " + r.Status + ": " + r.Error}})
	}
	suite.Tests = len(suite.Cases)
	doc := JUnitSuites{Name: "prodshape", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors,
		Time: suite.Time, Suites: []JUnitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("encode junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
