package mailbox

import "time"

// backoff returns the wait before reconnect attempt n (0 for the first
// retry): min·2ⁿ capped at max, of which the upper half is jittered.
// rnd(k) must return a value in [0, k).
func backoff(n int, minD, maxD time.Duration, rnd func(int64) int64) time.Duration {
	d := minD
	for i := 0; i < n && d < maxD; i++ {
		d *= 2
	}
	if d > maxD {
		d = maxD
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return d - half + time.Duration(rnd(int64(half)+1))
}
