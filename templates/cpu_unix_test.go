//go:build unix

package templates

import (
	"syscall"
	"testing"
)

// cpuMeter reports CPU time per operation as "cpu-ns/op" next to the
// wall-clock figure, which is inflated when the machine is shared.
func cpuMeter(b *testing.B) func() {
	var start syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &start); err != nil {
		return func() {}
	}
	return func() {
		var end syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &end); err != nil || b.N == 0 {
			return
		}
		ns := end.Utime.Nano() - start.Utime.Nano() + end.Stime.Nano() - start.Stime.Nano()
		b.ReportMetric(float64(ns)/float64(b.N), "cpu-ns/op")
	}
}
