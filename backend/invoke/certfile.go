package invoke

import (
	"junction/backend/domain"

	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
)

// MaxCertFileSize is the largest certificate, key or CA bundle file Junction
// reads. Real bundles are a few hundred KiB at most; the bound keeps a path
// such as /dev/zero from filling memory.
const MaxCertFileSize = 1 << 20

// ErrCertFile is wrapped by every error of ReadCertFile and CheckCertFile.
var ErrCertFile = errors.New("certificate file refused")

// CertFileError is the error of ReadCertFile and CheckCertFile: the path and
// what is wrong with it. It wraps ErrCertFile.
type CertFileError struct {
	Path string
	// Problem completes a sentence about the path: "is a device, not a
	// file", or, when Unreadable, why it cannot be read ("no such file").
	Problem string
	// Unreadable says the path could not be read at all.
	Unreadable bool
	// Missing says nothing exists at the path.
	Missing bool
}

func (e *CertFileError) Error() string {
	return ErrCertFile.Error() + ": " + e.Sentence()
}

// Sentence is the error without its "certificate file refused" prefix.
func (e *CertFileError) Sentence() string {
	if e.Unreadable {
		return "cannot read " + e.Path + ": " + e.Problem
	}
	return e.Path + " " + e.Problem
}

func (e *CertFileError) Unwrap() error { return ErrCertFile }

func unreadable(path string, err error) *CertFileError {
	return &CertFileError{Path: path, Problem: fileError(err), Unreadable: true, Missing: errors.Is(err, fs.ErrNotExist)}
}

// CheckCertFile says whether path names a regular file of at most
// MaxCertFileSize bytes, without opening it (so a FIFO or a device cannot
// block or flood the caller). The error is a *CertFileError whose text is a
// sentence that names the path.
func CheckCertFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return unreadable(path, err)
	}
	return certFileInfo(path, fi)
}

func certFileInfo(path string, fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		what := "is not a regular file"
		switch {
		case fi.IsDir():
			what = "is a folder, not a file"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "is a named pipe (FIFO), not a file"
		case fi.Mode()&fs.ModeDevice != 0:
			what = "is a device, not a file"
		case fi.Mode()&fs.ModeSocket != 0:
			what = "is a socket, not a file"
		}
		return &CertFileError{Path: path, Problem: what}
	}
	if fi.Size() > MaxCertFileSize {
		return &CertFileError{Path: path, Problem: fmt.Sprintf("is %d bytes; certificate files over %d bytes (1 MiB) are refused", fi.Size(), MaxCertFileSize)}
	}
	return nil
}

// ReadCertFile reads a certificate, key or CA bundle file: a regular file of
// at most MaxCertFileSize bytes. It opens without blocking (a FIFO swapped in
// after the check cannot hang the call), checks the opened file itself and
// reads no more than the bound.
func ReadCertFile(path string) ([]byte, error) {
	if err := CheckCertFile(path); err != nil {
		return nil, err
	}
	// O_NONBLOCK makes open return at once on a FIFO; regular files ignore it.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, unreadable(path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, unreadable(path, err)
	}
	if err := certFileInfo(path, fi); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxCertFileSize+1))
	if err != nil {
		return nil, unreadable(path, err)
	}
	if len(data) > MaxCertFileSize {
		return nil, &CertFileError{Path: path, Problem: fmt.Sprintf("grew past %d bytes (1 MiB) while being read", MaxCertFileSize)}
	}
	return data, nil
}

// certFile names a certificate file of a call in a failure's cause, with
// the reasons of the file being unreadable and of what is wrong in it.
type certFile struct {
	what                string
	unreadable, problem domain.Reason
}

var (
	caFile         = certFile{"the CA bundle", domain.RCallCAUnreadable, domain.RCallCAProblem}
	clientCertFile = certFile{"client certificate", domain.RCallCertUnreadable, domain.RCallCertProblem}
	keyFile        = certFile{"the key file", domain.RCallKeyUnreadable, domain.RCallKeyProblem}
)

// readCertFailure reads a certificate file for a call.
func readCertFailure(which certFile, path string) ([]byte, *failure) {
	data, err := ReadCertFile(path)
	if err == nil {
		return data, nil
	}
	var ce *CertFileError
	if errors.As(err, &ce) && ce.Unreadable {
		return nil, fail(VerdictError, which.unreadable, "cannot read "+which.what+" %s: %s", "path", path, "detail", ce.Problem)
	}
	if ce != nil {
		return nil, fail(VerdictError, which.problem, which.what+" %s %s", "path", path, "detail", ce.Problem)
	}
	return nil, fail(VerdictError, which.unreadable, "cannot read "+which.what+" %s: %s", "path", path, "detail", err.Error())
}
