module example.com/envfile

go 1.21

require github.com/google/go-cmp v0.7.0
