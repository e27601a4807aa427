export const id = 72;
export const ids = [72];
export const modules = {

/***/ 4072:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   uploadReleaseAssets: () => (/* binding */ uploadReleaseAssets)
/* harmony export */ });
/* unused harmony export githubError */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1455);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8500);
/* harmony import */ var _http_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9729);
/* harmony import */ var _http_retry_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(8394);
/**
 * Attaches local files (the downloaded ZIPs) to a GitHub release as assets, through `@actions/github` (Octokit),
 * which is loaded only here: it is costly to load and most runs never attach anything.
 *
 * Replace, not duplicate: GitHub refuses a second asset of the same name (422 `already_exists`), so an existing
 * asset of that name is deleted first, then the file uploaded.
 *
 * Streaming: Octokit hands `data` to its `fetch` (undici's, with `duplex: 'half'`) unchanged, and undici accepts a
 * Node.js stream as the body and honours an explicit `Content-Length`. So the file goes up as a stream from disk
 * with an exact length (GitHub's upload endpoint wants one) and is never held whole in memory; a direct undici
 * request to the upload URL would gain nothing and lose Octokit's URL templating, headers and error shapes.
 *
 * Retries. Reads (the asset list) are retried freely. A delete is repeated only when no answer came, and a second
 * delete of an asset already gone (404) counts as done. An upload changes the release, so it is re-sent only when
 * the release shows that it did not take effect: after an upload with no answer (reset, timeout) or a 429/5xx, the
 * asset list is read again; an asset of that name in state `uploaded` with the file's size (and SHA-256 digest,
 * where GitHub lists one) means the upload reached GitHub and is kept, not sent again; a partial one (state
 * `starter`, or another size or digest) is deleted and the file sent again; no asset means it never arrived and
 * the file is sent again. The same name is thus never left twice or half-written, whatever the network did.
 */







const MIB = 1024 * 1024;
const PAGE_SIZE = 100;
/**
 * Uploads each file, in order, as an asset of the release, named after the file, replacing an asset of the same
 * name. Returns the assets' `browser_download_url`s in the order of `files`.
 */
async function uploadReleaseAssets(files, options) {
    const names = files.map((file) => (0,node_path__WEBPACK_IMPORTED_MODULE_3__.basename)(file));
    const duplicate = names.find((name, index) => names.indexOf(name) !== index);
    if (duplicate !== undefined) {
        throw new _http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`release-assets: two files are named ${JSON.stringify(duplicate)}; asset names must differ`);
    }
    const sizes = [];
    for (const file of files) {
        try {
            sizes.push((await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_2__.stat)(file)).size);
        }
        catch (error) {
            throw new _http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(`release-assets: cannot read ${file}: ${error.message}`);
        }
    }
    if (files.length === 0)
        return [];
    const github = await GithubReleases.connect(options);
    const urls = [];
    const existing = await github.listAssets();
    for (const [index, file] of files.entries()) {
        const name = names[index] ?? '';
        const size = sizes[index] ?? 0;
        const old = existing.find((asset) => asset.name === name);
        if (old) {
            await github.deleteAsset(old, 'to replace it');
            options.info(`Replaced the release asset ${name} (the old one was deleted)`);
        }
        const asset = await github.uploadVerified(file, name, size);
        options.info(`Attached ${name} (${size} bytes) to release ${options.release.tagName}: ${asset.browser_download_url}`);
        urls.push(asset.browser_download_url);
    }
    return urls;
}
/** The release's assets API, with the retry rules above. */
class GithubReleases {
    options;
    octokit;
    policy;
    constructor(options, octokit) {
        this.options = options;
        this.octokit = octokit;
        this.policy = { ..._http_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .DEFAULT_RETRY_POLICY */ .cO, maxAttempts: options.maxAttempts };
    }
    static async connect(options) {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        return new GithubReleases(options, getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') }));
    }
    get repo() {
        const { owner, repo, releaseId } = this.options.release;
        return { owner, repo, release_id: releaseId };
    }
    async listAssets() {
        const assets = [];
        for (let page = 1;; page++) {
            const response = await this.withRetries('list the release assets', () => this.octokit.rest.repos.listReleaseAssets({
                ...this.repo,
                per_page: PAGE_SIZE,
                page,
                request: { signal: AbortSignal.timeout(this.options.timeoutMs) },
            }));
            const batch = response.data;
            assets.push(...batch);
            if (batch.length < PAGE_SIZE)
                return assets;
        }
    }
    /** Deletes an asset; an asset already gone (404, e.g. after a delete whose answer was lost) counts as deleted. */
    async deleteAsset(asset, why) {
        await this.withRetries(`delete the release asset ${asset.name} ${why}`, async () => {
            try {
                await this.octokit.rest.repos.deleteReleaseAsset({
                    owner: this.options.release.owner,
                    repo: this.options.release.repo,
                    asset_id: asset.id,
                    request: { signal: AbortSignal.timeout(this.options.timeoutMs) },
                });
            }
            catch (error) {
                if (error.status !== 404)
                    throw error;
            }
        });
    }
    /** Uploads, re-sending only when the release shows the upload did not take effect (see the module comment). */
    async uploadVerified(file, name, size) {
        const what = `upload ${name} to release ${this.options.release.tagName}`;
        let digest;
        for (let attempt = 1;; attempt++) {
            let failure;
            try {
                return await this.upload(file, name, size);
            }
            catch (error) {
                failure = error;
            }
            if (!mayHaveFailedInTransit(failure) || attempt >= this.policy.maxAttempts) {
                throw githubError(`${what} failed${attempt > 1 ? ` after ${attempt} attempts` : ''}`, failure);
            }
            this.options.warning(`Attempt ${attempt} to ${what} got ${describeFailure(failure)}; checking the release before sending it again`);
            await this.wait(attempt, failure);
            const current = (await this.listAssets()).find((asset) => asset.name === name);
            if (current) {
                digest ??= await sha256(file);
                if (isComplete(current, size, digest)) {
                    this.options.info(`The upload of ${name} had reached GitHub (same size and digest); not sent again`);
                    return current;
                }
                await this.deleteAsset(current, `left incomplete (state ${current.state}, ${current.size} bytes)`);
            }
        }
    }
    async upload(file, name, size) {
        const body = (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file);
        try {
            const response = await this.octokit.rest.repos.uploadReleaseAsset({
                ...this.repo,
                url: this.options.release.uploadUrl,
                name,
                // A stream, not a string: Octokit passes it through to fetch untouched (see the module comment).
                data: body,
                headers: {
                    'content-type': name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
                    'content-length': String(size),
                },
                request: { signal: AbortSignal.timeout(this.options.timeoutMs + Math.ceil(size / MIB) * 1000) },
            });
            return response.data;
        }
        finally {
            body.destroy();
        }
    }
    /** Reads and deletes: retried on no answer, 429 and 5xx, never on another status. */
    async withRetries(what, call) {
        for (let attempt = 1;; attempt++) {
            try {
                return await call();
            }
            catch (error) {
                const failure = error;
                if (!mayHaveFailedInTransit(failure) || attempt >= this.policy.maxAttempts) {
                    throw githubError(`Could not ${what}${attempt > 1 ? ` after ${attempt} attempts` : ''}`, failure);
                }
                this.options.warning(`Attempt ${attempt} to ${what} got ${describeFailure(failure)}; retrying`);
                await this.wait(attempt, failure);
            }
        }
    }
    async wait(attempt, failure) {
        const random = this.options.random ?? Math.random;
        const ms = failure.status === 429 ? (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .throttleMs */ .V6)(attempt, this.policy, random) : (0,_http_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .backoffMs */ .jo)(attempt, this.policy, random);
        await (this.options.sleep ?? node_timers_promises__WEBPACK_IMPORTED_MODULE_4__.setTimeout)(ms);
    }
}
/** No answer at all (Octokit reports network errors and timeouts as status 500 without a response), 429 or 5xx. */
function mayHaveFailedInTransit(failure) {
    return failure.response === undefined || _http_retry_js__WEBPACK_IMPORTED_MODULE_6__/* .RETRYABLE_STATUSES */ .U3.has(failure.status ?? 0);
}
function describeFailure(failure) {
    return failure.response === undefined
        ? `no answer (${failure.message ?? 'network error'})`
        : `HTTP ${failure.status}${requestIdOf(failure) ? ` (request ID ${requestIdOf(failure)})` : ''}`;
}
function isComplete(asset, size, digest) {
    return asset.state === 'uploaded' && asset.size === size && (!asset.digest || asset.digest === `sha256:${digest}`);
}
async function sha256(file) {
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256');
    for await (const chunk of (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
function requestIdOf(failure) {
    return failure.response?.headers?.['x-github-request-id'];
}
/** One actionable line: what failed, GitHub's status and message, its request ID, and the likely cause. */
function githubError(what, failure) {
    const data = failure.response?.data;
    const message = typeof data === 'object' && data !== null && typeof data.message === 'string'
        ? data.message
        : typeof data === 'string' && data.trim() !== ''
            ? data.trim().slice(0, 200)
            : failure.message;
    const noAnswer = failure.response === undefined;
    return new _http_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .ActionError */ .lZ(what, {
        status: noAnswer ? undefined : failure.status,
        serviceMessage: noAnswer ? `no answer from GitHub (${failure.message ?? 'network error'})` : message,
        requestId: requestIdOf(failure),
        hint: githubHint(failure.status, message, noAnswer),
        cause: failure,
    });
}
function githubHint(status, message, noAnswer) {
    if (noAnswer)
        return 'check the network path to GitHub (GITHUB_API_URL, proxy settings); the step may be re-run';
    if (status === 403 && /rate limit/i.test(message ?? ''))
        return 'GitHub is rate-limiting this token; re-run later';
    if (status === 403) {
        return 'the token may not write releases: add `permissions: contents: write` to the workflow or job (or give `github-token` a token that may)';
    }
    if (status === 401)
        return '`github-token` is invalid or expired';
    if (status === 404)
        return 'the release or repository was not found with this token; was the release deleted?';
    if (status === 422)
        return 'GitHub refused the asset (an asset of that name may have been added meanwhile); re-run the step';
    return undefined;
}


/***/ })

};
