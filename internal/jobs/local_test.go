package jobs_test

import (
	"testing"

	"cctvgis/internal/jobs"
	"cctvgis/internal/jobs/jobstest"
)

func TestLocal(t *testing.T) {
	jobstest.Run(t, func(_ *testing.T, work map[jobs.Kind]jobs.Work) jobs.Queue {
		return jobs.NewLocal(work, 2, nil, nil)
	})
}
