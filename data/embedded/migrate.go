package embedded

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"cctvgis/planner/rulebook"

	bolt "go.etcd.io/bbolt"
)

// ErrNeedsMigration is returned by OpenReadOnly for a store of an older schema: only an
// open for writing migrates it, and a read-only open never changes the file.
var ErrNeedsMigration = errors.New("data: embedded store of an older version")

// Migration is one step of the store's schema, from one version to the next.
type Migration struct {
	From, To int
	// Name says what the step changes.
	Name string
}

// migration is a step with the function that makes it, over the write transaction that
// also moves the store's version to To.
type migration struct {
	Migration
	run func(tx *bolt.Tx) error
}

// migrations are the steps from each older version this program reads, in order; the
// last leads to embeddedVersion. A step is never changed once released: a new one is
// appended. A version before the first step's From is refused.
var migrations = []migration{
	{Migration{From: 4, To: 5, Name: "layer values count their fields"}, countFields},
}

// v4Fields is how many fields each layer's values held after the key in version 4, by
// bucket, as that version wrote them: in the order of storedFields, which kept it.
var v4Fields = map[string]uint64{
	"sites": 3, "entrances": 1, "cameras": 11, "roads": 3, "occluders": 1, "private-spaces": 1, "districts": 0,
}

// countFields puts the count of its fields in front of every layer value of version 4,
// whose fields were those of version 5 in the same order.
func countFields(tx *bolt.Tx) error {
	for name, n := range v4Fields {
		b := tx.Bucket([]byte(name))
		if b == nil {
			return fmt.Errorf("%w: no bucket %s", ErrCorrupt, name)
		}
		b.FillPercent = embeddedFill
		// bbolt's cursors do not survive a Put into their bucket, so the values are
		// rewritten after the walk, from copies: bbolt holds what is put until the
		// commit.
		var keys, vals [][]byte
		enc := &valueEncoder{}
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			enc.begin()
			_, _ = enc.Write(k)
			keys = append(keys, enc.end())
			enc.begin()
			enc.uvarint(n)
			_, _ = enc.Write(v)
			vals = append(vals, enc.end())
		}
		for i, k := range keys {
			if err := b.Put(k, vals[i]); err != nil {
				return fmt.Errorf("rewriting %s %q: %w", name, k, err)
			}
		}
	}
	return nil
}

// schemaVersion reads the store's schema version from its meta bucket.
func schemaVersion(meta *bolt.Bucket) (int, error) {
	v := meta.Get(versionKey)
	if len(v) != 8 {
		return 0, fmt.Errorf("%w: version of %d bytes", ErrStoreVersion, len(v))
	}
	n := binary.BigEndian.Uint64(v)
	if n > embeddedVersion {
		return 0, fmt.Errorf("%w: version %d, this program reads %d: use a newer cctvgis", ErrStoreVersion, n, embeddedVersion)
	}
	return int(n), nil
}

// stepFrom returns the migration from version v, an older one.
func stepFrom(v int) (*migration, error) {
	for i := range migrations {
		if migrations[i].From == v {
			return &migrations[i], nil
		}
	}
	return nil, fmt.Errorf("%w: version %d, this program reads %d and migrates from %d on", ErrStoreVersion, v, embeddedVersion, migrations[0].From)
}

// migrate brings the store of db to embeddedVersion, a step at a time, each in its own
// write transaction that moves the version with it, so that a failed step leaves the
// store at the version before it. A store up to date, and a file without a schema (new,
// or another program's: initSchema tells), are not written. It returns the steps applied.
func migrate(db *bolt.DB) ([]Migration, error) {
	var done []Migration
	for {
		v := embeddedVersion
		err := db.View(func(tx *bolt.Tx) error {
			var err error
			if meta := tx.Bucket(metaBucket); meta != nil {
				v, err = schemaVersion(meta)
			}
			return err
		})
		if err != nil || v == embeddedVersion {
			return done, err
		}
		step, err := stepFrom(v)
		if err != nil {
			return done, err
		}
		err = db.Update(func(tx *bolt.Tx) error {
			if err := step.run(tx); err != nil {
				return err
			}
			return tx.Bucket(metaBucket).Put(versionKey, binary.BigEndian.AppendUint64(nil, uint64(step.To)))
		})
		if err != nil {
			return done, fmt.Errorf("migrating from version %d to %d (%s): %w", step.From, step.To, step.Name, err)
		}
		done = append(done, step.Migration)
	}
}

// Migrate brings the existing store at path to the schema this program writes, as Open
// does, and closes it. It returns the steps it applied, none for a store up to date. A
// missing file is ErrNoStore; otherwise errors are those of Open.
func Migrate(path string, tax *rulebook.Taxonomy) ([]Migration, error) {
	// Open would create a new store: a mistyped path would look migrated.
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w at %s", ErrNoStore, path)
	}
	s, done, err := open(path, tax, false)
	if err != nil {
		return done, err
	}
	return done, s.Close()
}
