package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// SchemaVersion is the layout version this code writes and reads.
const SchemaVersion = 1

// Sentinel errors; errors.Is works through the wrapping the store adds.
var (
	ErrInUse        = errors.New("database is in use by another process")
	ErrNotFound     = errors.New("not found")
	ErrDuplicate    = errors.New("duplicate")
	ErrSchemaTooNew = errors.New("database schema is newer than this buyerdesk")
)

// Options tune Open. The zero value is usable.
type Options struct {
	// Timeout bounds the wait for the file lock (default 1 s). When it
	// passes, Open returns an error wrapping ErrInUse.
	Timeout time.Duration
	// Window is the reply window of a marketplace for a message sent at
	// sentAt (default 24 h). A case's Deadline is WaitingSince plus it.
	Window func(marketplace string, sentAt time.Time) time.Duration
}

// DefaultWindow is Amazon's reply window.
const DefaultWindow = 24 * time.Hour

// DB is an open case store. It is safe for concurrent use.
type DB struct {
	bolt   *bolt.DB
	path   string
	window func(string, time.Time) time.Duration
}

// The buckets of the file. Keys are described where they are written.
var (
	bucketMeta       = []byte("meta")
	bucketCases      = []byte("cases")
	bucketEvents     = []byte("events")
	bucketEventKeys  = []byte("event_keys")
	bucketMessages   = []byte("messages")
	bucketRaw        = []byte("raw")
	bucketCaseMsgs   = []byte("case_messages")
	bucketBySeller   = []byte("idx_seller_case")
	bucketByRelay    = []byte("idx_relay_order")
	bucketByOrder    = []byte("idx_order")
	bucketByOutbound = []byte("idx_outbound")
	bucketByThread   = []byte("idx_thread")
	bucketDeadlines  = []byte("idx_deadline")
	bucketCursors    = []byte("cursors")
	bucketRecords    = []byte("records")
	bucketSeen       = []byte("seen")

	allBuckets = [][]byte{
		bucketMeta, bucketCases, bucketEvents, bucketEventKeys, bucketMessages,
		bucketRaw, bucketCaseMsgs, bucketBySeller, bucketByRelay, bucketByOrder,
		bucketByOutbound, bucketByThread, bucketDeadlines, bucketCursors,
		bucketRecords, bucketSeen,
	}

	keySchema = []byte("schema")
)

// Open opens or creates the store at path (file mode 0600), creating its
// buckets and checking the schema version.
func Open(path string, opts Options) (*DB, error) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = time.Second
	}
	b, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout:      timeout,
		FreelistType: bolt.FreelistMapType,
	})
	if errors.Is(err, bolterrors.ErrTimeout) {
		return nil, fmt.Errorf("open store: %w: %s", ErrInUse, path)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := &DB{bolt: b, path: path, window: opts.Window}
	if db.window == nil {
		db.window = func(string, time.Time) time.Duration { return DefaultWindow }
	}
	if err := b.Update(initSchema); err != nil {
		_ = b.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return db, nil
}

// initSchema creates the buckets of an empty file and refuses a newer one.
func initSchema(tx *bolt.Tx) error {
	meta, err := tx.CreateBucketIfNotExists(bucketMeta)
	if err != nil {
		return fmt.Errorf("meta bucket: %w", err)
	}
	if v := meta.Get(keySchema); v != nil {
		if len(v) != 8 {
			return fmt.Errorf("schema version: malformed value %x", v)
		}
		if got := binary.BigEndian.Uint64(v); got > SchemaVersion {
			return fmt.Errorf("%w: file has schema %d, this buyerdesk knows schema %d", ErrSchemaTooNew, got, SchemaVersion)
		}
	}
	for _, name := range allBuckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return fmt.Errorf("bucket %s: %w", name, err)
		}
	}
	// Version 1 is the first layout, so any older or absent version is
	// initialised by creating the buckets above.
	return meta.Put(keySchema, u64(SchemaVersion))
}

// Close releases the file and its lock.
func (db *DB) Close() error {
	if err := db.bolt.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Path is the file the store was opened from.
func (db *DB) Path() string { return db.path }

// update runs fn in a read-write transaction after checking ctx.
func (db *DB) update(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.Update(fn)
}

// view runs fn in a read-only transaction after checking ctx.
func (db *DB) view(ctx context.Context, fn func(*bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bolt.View(fn)
}
