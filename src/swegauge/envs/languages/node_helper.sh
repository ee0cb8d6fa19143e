#!/bin/sh
# swegauge-node: keep a JavaScript/TypeScript project's node_modules in the environment directory.
#
#   swegauge-node save   (build time, after `npm ci` / `npm install` in /workspace)
#       copies /workspace/node_modules to /env/node_modules and every other node_modules folder of the
#       tree (monorepo packages) to /env/nested/<path>, and lists them all in /env/node_modules.list.
#   swegauge-node link   (test time, in pre_test; /env is read-only there)
#       gives the fresh /workspace each saved node_modules folder back as a real, writable folder whose
#       entries are symlinks into /env: tools may still write their caches (node_modules/.cache,
#       node_modules/.vite) while the packages stay read-only. Entries that were symlinks themselves
#       (npm workspaces link packages of the tree, e.g. node_modules/pkg -> ../packages/pkg) are copied
#       as symlinks, so they point into /workspace again; .bin folders are copied (their links are
#       relative, so they resolve through the linked packages).
#
# SWEGAUGE_ENV and SWEGAUGE_WORKSPACE override /env and /workspace (for tests outside a sandbox).
set -eu

ENV_DIR=${SWEGAUGE_ENV:-/env}
WS=${SWEGAUGE_WORKSPACE:-/workspace}
LIST="$ENV_DIR/node_modules.list"

saved_dir() {  # where the node_modules folder at workspace path $1 is kept in the environment
    if [ "$1" = node_modules ]; then echo "$ENV_DIR/node_modules"; else echo "$ENV_DIR/nested/$1"; fi
}

save() {
    rm -rf "$ENV_DIR/node_modules" "$ENV_DIR/nested" "$LIST"
    : > "$LIST"
    cd "$WS"
    find . -name .git -prune -o -type d -name node_modules -prune -print | sed 's|^\./||' | sort |
    while IFS= read -r rel; do
        dest=$(saved_dir "$rel")
        mkdir -p "$(dirname "$dest")"
        cp -a "$rel" "$dest"
        printf '%s\n' "$rel" >> "$LIST"
    done
    if [ ! -s "$LIST" ]; then
        mkdir -p "$ENV_DIR/node_modules"
        echo node_modules > "$LIST"
    fi
    echo "swegauge-node: saved $(wc -l < "$LIST") node_modules folder(s) into $ENV_DIR"
}

link_entries() {  # link_entries SRC DEST: fill DEST with links to SRC's entries it does not have yet
    src=$1
    dest=$2
    mkdir -p "$dest"
    set --
    for entry in "$src"/* "$src"/.[!.]* "$src"/..?*; do
        [ -e "$entry" ] || [ -L "$entry" ] || continue
        name=${entry##*/}
        if [ -e "$dest/$name" ] || [ -L "$dest/$name" ]; then
            continue
        fi
        case "$name" in
            .cache|.vite|.vitest) continue ;;
        esac
        if [ -L "$entry" ] || [ "$name" = .bin ]; then
            cp -a "$entry" "$dest/$name"
        elif [ -d "$entry" ] && [ "${name#@}" != "$name" ]; then
            (link_entries "$entry" "$dest/$name")
        else
            set -- "$@" "$entry"
        fi
    done
    if [ $# -gt 0 ]; then
        ln -s "$@" "$dest/"
    fi
}

link() {
    if [ ! -f "$LIST" ]; then
        if [ ! -d "$ENV_DIR/node_modules" ]; then
            echo "swegauge-node: nothing saved in $ENV_DIR (was 'swegauge-node save' an install step?)" >&2
            return 1
        fi
        link_entries "$ENV_DIR/node_modules" "$WS/node_modules"
        return 0
    fi
    while IFS= read -r rel; do
        [ -n "$rel" ] || continue
        (link_entries "$(saved_dir "$rel")" "$WS/$rel")
    done < "$LIST"
}

case "${1:-}" in
    save) save ;;
    link) link ;;
    *) echo "usage: swegauge-node save|link" >&2; exit 2 ;;
esac
