export const id = 126;
export const ids = [126];
export const modules = {

/***/ 126:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  uploadReleaseAssets: () => (/* binding */ uploadReleaseAssets)
});

// UNUSED EXPORTS: Deadline, UPLOAD_RETRY_NOTE, duration, githubError, githubFailureOf, readAsset

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./lib/http/errors.js
var errors = __webpack_require__(9729);
// EXTERNAL MODULE: ./lib/http/retry.js
var retry = __webpack_require__(8394);
// EXTERNAL MODULE: ./lib/release/bound.js
var release_bound = __webpack_require__(6177);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: ./node_modules/undici/index.js
var undici = __webpack_require__(6752);
// EXTERNAL MODULE: ./lib/http/body.js
var body = __webpack_require__(6150);
// EXTERNAL MODULE: ./lib/http/transport.js
var transport = __webpack_require__(3005);
;// CONCATENATED MODULE: ./lib/release/github-fetch.js
/**
 * The `fetch` Octokit sends GitHub's requests with: undici's own `fetch` over the transport's agent for the action's
 * proxy settings (src/http/proxy.ts; `agentFor`, an `EnvHttpProxyAgent` of the same undici when a proxy is set). So GitHub's API and its uploads follow
 * the one proxy rule DLI, IAM and OBS follow: an https request uses HTTPS_PROXY, else HTTP_PROXY; lower-case names
 * first; a proxy without a scheme is http://; NO_PROXY. (@actions/github's default fetch reads the environment
 * itself: no fall-back to HTTP_PROXY, and a scheme-less proxy is not used.)
 *
 * Agent and fetch come from the same 'undici' import: a dispatcher of one undici major fails inside another's
 * fetch (Node's global fetch bundles its own undici).
 */




/** `connectTimeoutMs` (`timeout-seconds`) bounds connecting, and reading an error answer's body. */
function createGithubFetch(proxy, connectTimeoutMs) {
    // The transport's own agent for these settings: the same proxy rule, and the same undici as this fetch.
    const dispatcher = (0,transport/* agentFor */.Pf)(proxy, connectTimeoutMs);
    const fetch = (async (input, init) => {
        const response = await (0,undici.fetch)(input, { ...init, dispatcher });
        if (response.status < 400 || response.body === null)
            return response;
        // An error answer's body (Octokit reads it whole for its message) is kept to its first 64 kB and read within
        // `timeout-seconds`, however large it is or however slowly it comes (http/body.ts).
        const { text } = await (0,body/* readCappedBody */.m)(external_node_stream_.Readable.fromWeb(response.body), {
            deadlineMs: connectTimeoutMs,
        });
        return new undici.Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
    });
    return { fetch, close: () => dispatcher.destroy() };
}

;// CONCATENATED MODULE: ./lib/release/names.js
/**
 * Release asset names, stable across re-runs: the asset is named after the downloaded ZIP without DLI's trailing
 * `_<13 digits>` millisecond stamp (`aggregate_1582677879475.zip` → `aggregate.zip`), so a re-run of the same
 * release workflow replaces the asset instead of adding one. A name without such a stamp is used as it is. DLI
 * documents the stamped form only by example (`aggregate_1582677879475.zip`), not as a rule, hence the fallback.
 *
 * Two ZIPs of one run that would get the same asset name are an error before anything is sent to GitHub.
 *
 * While an upload is in flight the file carries a temporary name, `<asset name>.upload-<8 hex>`, so the old asset
 * stays whole until the new one is complete (assets.ts). GitHub renames names with special characters, leading or
 * trailing periods ("Upload a release asset", docs.github.com/rest/releases/assets): the temporary suffix uses only
 * letters, digits, `.` and `-`.
 */


/** `_` + 13 digits (epoch milliseconds from 2001 to 2286) right before the extension, or at the end. */
const STAMP = /_\d{13}(?=(\.[^.]*)?$)/;
/** The stable asset name of a downloaded file: its name without DLI's trailing `_<13 digits>` stamp. */
function stableAssetName(fileName) {
    const stripped = fileName.replace(STAMP, '');
    // `_1582677879475.zip` alone: nothing would remain of the name but its extension; keep it whole.
    return stripped === '' || stripped.startsWith('.') ? fileName : stripped;
}
/**
 * The asset name of each file (in order), or an ActionError naming the files that would share a name. GitHub
 * compares asset names exactly, so only exact equality collides.
 */
function assetNames(fileNames) {
    const names = fileNames.map(stableAssetName);
    const owners = new Map();
    for (const [index, name] of names.entries()) {
        const files = owners.get(name) ?? [];
        files.push(fileNames[index] ?? '');
        owners.set(name, files);
    }
    const clashes = [...owners].filter(([, files]) => files.length > 1);
    if (clashes.length > 0) {
        const list = clashes.map(([name, files]) => `${files.map((file) => JSON.stringify(file)).join(' and ')} → ${JSON.stringify(name)}`);
        throw new errors/* ActionError */.lZ(`release-assets: these ZIPs would get the same asset name (the name without its _<13 digits> stamp): ${list.join('; ')}`, { hint: 'export them into separate steps with different obs-dir folders, or attach them without release-assets' });
    }
    return names;
}
/** The suffix of a temporary name: `.upload-` and 8 lower-case hex digits. */
const TEMPORARY = /\.upload-[0-9a-f]{8}$/;
/** A fresh temporary name for `name` while its upload is in flight; `random` gives 4 bytes. */
function temporaryAssetName(name, random = () => (0,external_node_crypto_.randomBytes)(4)) {
    return `${name}.upload-${random().toString('hex')}`;
}
/** Whether `candidate` is a temporary name of `name` (one an earlier run left behind, for example). */
function isTemporaryNameOf(candidate, name) {
    return candidate.startsWith(`${name}.upload-`) && candidate.length === name.length + 16 && TEMPORARY.test(candidate);
}

;// CONCATENATED MODULE: ./lib/release/assets.js
/**
 * Attaches local files (the downloaded ZIPs) to a GitHub release as assets, through `@actions/github` (Octokit),
 * which is loaded only here: it is costly to load and most runs never attach anything.
 *
 * Never lose an asset (docs.github.com/rest/releases/assets): GitHub refuses a second asset of the same name (422
 * `already_exists`), so the new file is uploaded first under a temporary name (names.ts). Only when GitHub lists it
 * as `uploaded` with the file's size (and its SHA-256 `digest`, where GitHub lists one: GitHub Enterprise Server
 * lists none, and then the size alone decides) is the old asset deleted and the new one renamed (PATCH of the
 * asset's `name`). A failed upload leaves the old asset as it was; "Replaced" is logged once it has happened.
 * Asset names are stable across re-runs: the ZIP's name without DLI's `_<13 digits>` stamp (names.ts).
 *
 * Streaming: Octokit hands `data` to its `fetch` unchanged, and undici's fetch accepts a Node.js stream as the body
 * and honours an explicit `Content-Length`. So the file goes up as a stream from disk with an exact length
 * (GitHub's upload endpoint wants one) and is never held whole in memory.
 *
 * Proxies: Octokit's `fetch` is undici's, over an agent with the action's proxy settings (github-fetch.ts).
 *
 * Time: each upload attempt ends within `timeout-seconds` plus the file at 1 MiB/s, every other request within
 * `timeout-seconds`, and the whole release part within `releaseBoundMs` (bound.ts), enforced by one deadline.
 *
 * Retries run through the one policy (src/http/retry.ts `retrying`, under the deadline's signal, GitHub's
 * Retry-After honoured up to the policy's cap): an Octokit HttpError is read as its status and Retry-After, one
 * without a response (Octokit's report of a network failure or timeout) as no answer; any other error (an
 * ActionError a step inside an attempt already made final, or a bug) ends the call as it is. Reads (the asset list,
 * the check), the rename (the same name set again is the same result) and deletes (a second delete of an asset
 * already gone, 404, counts as done) are idempotent. An upload changes the release, so before it is sent again the
 * attempt itself reads the release: an asset of that temporary name that is complete (as above) means the upload
 * reached GitHub and is kept, not sent again; a partial one (state `starter` or `open`, or another size or digest) is
 * deleted and the file sent again; no asset means it never arrived and the file is sent again. That check is what
 * makes re-sending safe, so the upload counts as idempotent too: it is retried on no answer, 429 and 5xx.
 */









/** An upload whose answer was cut off or unreadable: no answer, so the release is checked before a re-send. */
class CutOffAnswer extends Error {
    name = 'CutOffAnswer';
}
/**
 * Uploads each file, in order, as an asset of the release named by its stable name (names.ts), replacing an asset
 * of that name only once the new one is complete. Returns the assets' `browser_download_url`s in the order of
 * `files`.
 */
async function uploadReleaseAssets(files, options) {
    const names = assetNames(files.map((file) => (0,external_node_path_.basename)(file)));
    const sizes = [];
    for (const file of files) {
        try {
            sizes.push((await (0,promises_.stat)(file)).size);
        }
        catch (error) {
            throw new errors/* ActionError */.lZ(`release-assets: cannot read ${file}: ${error.message}`);
        }
    }
    if (files.length === 0)
        return [];
    const bound = (existingAssets, staleAssets) => options.deadlineMs ?? (0,release_bound/* releaseBoundMs */.mP)({ ...options, sizes, existingAssets, staleAssets });
    const deadline = new Deadline(bound(0, 0), options.release.tagName);
    const github = await GithubReleases.connect(options, deadline);
    try {
        const existing = await github.listAssets();
        const stale = existing.filter((asset) => names.some((name) => isTemporaryNameOf(asset.name, name)));
        deadline.extendTo(bound(existing.length, stale.length));
        if (bound(existing.length, stale.length) > bound(0, 0)) {
            options.onListed?.({ existingAssets: existing.length, staleAssets: stale.length });
        }
        options.info(`Time limit: attaching ${files.length} file(s) to release ${options.release.tagName} ends within ${duration(deadline.totalMs)} (each upload attempt within timeout-seconds plus the file at 1 MiB/s)`);
        const urls = [];
        for (const [index, file] of files.entries()) {
            const name = names[index] ?? '';
            const size = sizes[index] ?? 0;
            const asset = await github.replace(file, name, size, existing.find((candidate) => candidate.name === name));
            urls.push(asset.browser_download_url);
        }
        for (const asset of stale)
            await github.deleteAsset(asset, 'left by an earlier run');
        return urls;
    }
    finally {
        deadline.clear();
        await github.close();
    }
}
/** One deadline over the whole release part: every request and wait ends when it passes. */
class Deadline {
    controller = new AbortController();
    startedAt = Date.now();
    timer;
    totalMs;
    tagName;
    constructor(totalMs, tagName) {
        this.totalMs = totalMs;
        this.tagName = tagName;
        this.arm();
    }
    get signal() {
        return this.controller.signal;
    }
    extendTo(totalMs) {
        this.totalMs = Math.max(this.totalMs, totalMs);
        this.arm();
    }
    clear() {
        clearTimeout(this.timer);
    }
    /** An attempt's signal: its own time limit or the deadline, whichever comes first. */
    attempt(ms) {
        return AbortSignal.any([AbortSignal.timeout(ms), this.controller.signal]);
    }
    arm() {
        clearTimeout(this.timer);
        const left = Math.max(0, this.startedAt + this.totalMs - Date.now());
        this.timer = setTimeout(() => {
            this.controller.abort(new errors/* ActionError */.lZ(`release-assets: attaching the files to release ${this.tagName} did not end within its time limit of ${duration(this.totalMs)}`, {
                hint: 'GitHub or the network path to it is too slow: the limit allows timeout-seconds plus 1 MiB/s per upload attempt; raise timeout-seconds, or re-run the step',
            }));
        }, left);
        this.timer.unref?.();
    }
}
/** As the step's bound is printed (src/action/deadline.ts): `N s` below 2 minutes, else `N min [M s]`. */
function duration(ms) {
    const seconds = Math.ceil(ms / 1000);
    return seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min${seconds % 60 ? ` ${seconds % 60} s` : ''}`;
}
/** The release's assets API, with the retry rules above. */
class GithubReleases {
    options;
    octokit;
    policy;
    deadline;
    transport;
    constructor(options, octokit, deadline, transport) {
        this.options = options;
        this.octokit = octokit;
        this.policy = { ...retry/* DEFAULT_RETRY_POLICY */.cO, maxAttempts: options.maxAttempts };
        this.deadline = deadline;
        this.transport = transport;
    }
    static async connect(options, deadline) {
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const transport = createGithubFetch(options.proxy ?? {}, options.timeoutMs);
        const octokit = getOctokit(options.token, {
            baseUrl: options.apiUrl.replace(/\/+$/, ''),
            request: { fetch: transport.fetch },
        });
        return new GithubReleases(options, octokit, deadline, transport);
    }
    close() {
        return this.transport.close();
    }
    get repo() {
        const { owner, repo, releaseId } = this.options.release;
        return { owner, repo, release_id: releaseId };
    }
    get signal() {
        return { signal: this.deadline.attempt(this.options.timeoutMs) };
    }
    /** Upload under a temporary name, check it, then delete the old asset and rename the new one. */
    async replace(file, name, size, old) {
        const temporary = temporaryAssetName(name, this.options.temporarySuffix);
        const kept = old ? `; the old asset ${name} was kept` : '';
        let hash;
        const digest = () => {
            hash ??= sha256(file);
            return hash;
        };
        let uploaded;
        try {
            uploaded = await this.uploadVerified(file, { temporary, name }, size, digest);
        }
        catch (error) {
            await this.discard(temporary);
            throw error instanceof errors/* ActionError */.lZ ? withMessage(error, `${error.message}${kept}`) : error;
        }
        let listed;
        try {
            listed = await this.getAsset(uploaded);
            if (!(await isComplete(listed, size, digest))) {
                throw new errors/* ActionError */.lZ(`release-assets: GitHub lists the upload of ${name} as ${describeAsset(listed)} instead of uploaded with ${size} bytes${kept}`, { hint: 're-run the step' });
            }
        }
        catch (error) {
            // The old asset is untouched: the new one is only in the way, and removed, so the release is as it was.
            await this.discard(temporary);
            throw error;
        }
        if (old) {
            try {
                await this.deleteAsset(old, 'to replace it');
            }
            catch (error) {
                // Kept: a delete whose answers were all lost may have happened, and then this is the only copy.
                throw error instanceof errors/* ActionError */.lZ
                    ? error.withHint(`${error.hint ? `${error.hint}; ` : ''}the new file is on the release as ${temporary}`)
                    : error;
            }
        }
        const renamed = await this.rename(listed, name);
        this.options.info(old
            ? `Replaced the release asset ${name} on release ${this.options.release.tagName} (${size} bytes): ${renamed.browser_download_url}`
            : `Attached ${name} (${size} bytes) to release ${this.options.release.tagName}: ${renamed.browser_download_url}`);
        return renamed;
    }
    async listAssets() {
        const assets = [];
        for (let page = 1;; page++) {
            const response = await this.withRetries('list the release assets', () => this.octokit.rest.repos.listReleaseAssets({
                ...this.repo,
                per_page: release_bound/* ASSETS_PER_PAGE */.yT,
                page,
                request: this.signal,
            }));
            const batch = Array.isArray(response.data) ? response.data.map(readAsset) : [undefined];
            for (const asset of batch)
                assets.push(asset ?? unreadable('list the release assets'));
            if (batch.length < release_bound/* ASSETS_PER_PAGE */.yT)
                return assets;
        }
    }
    async getAsset(asset) {
        const response = await this.withRetries(`check the uploaded release asset ${asset.name}`, () => this.octokit.rest.repos.getReleaseAsset({
            owner: this.options.release.owner,
            repo: this.options.release.repo,
            asset_id: asset.id,
            request: this.signal,
        }));
        return readAsset(response.data) ?? unreadable(`check the uploaded release asset ${asset.name}`);
    }
    /** Gives the asset its name; the same PATCH again changes nothing, so it is retried like a read. */
    async rename(asset, name) {
        try {
            const response = await this.withRetries(`rename the release asset ${asset.name} to ${name}`, () => this.octokit.rest.repos.updateReleaseAsset({
                owner: this.options.release.owner,
                repo: this.options.release.repo,
                asset_id: asset.id,
                name,
                request: this.signal,
            }));
            return readAsset(response.data) ?? unreadable(`rename the release asset ${asset.name} to ${name}`);
        }
        catch (error) {
            if (!(error instanceof errors/* ActionError */.lZ))
                throw error;
            throw error.withHint(`the new file is on the release as ${asset.name}: ${error.status === 422 ? `an asset named ${name} was added meanwhile; ` : ''}re-run the step, or rename it by hand`);
        }
    }
    /** After a failed upload: deletes what it left under its temporary name, if anything; never fails. */
    async discard(temporary) {
        if (this.deadline.signal.aborted)
            return;
        try {
            const left = (await this.listAssets()).find((asset) => asset.name === temporary);
            if (left)
                await this.deleteAsset(left, 'left by the failed upload');
        }
        catch (error) {
            this.options.warning(`Could not remove ${temporary} after the failed upload: ${error.message}; delete it by hand`);
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
                    request: this.signal,
                });
            }
            catch (error) {
                if (error.status !== 404)
                    throw error;
            }
        });
    }
    /**
     * Uploads; every attempt after the first reads the release first and sends the file again only when the earlier
     * upload did not take effect (see the module comment), which is what makes the re-send safe.
     */
    async uploadVerified(file, { temporary, name }, size, digest) {
        const what = `upload ${name} to release ${this.options.release.tagName}`;
        return this.retried(what, (attempts) => `${what} failed${attempts > 1 ? ` after ${attempts} attempts` : ''}`, async (attempt) => {
            if (attempt > 1) {
                const current = (await this.listAssets()).find((asset) => asset.name === temporary);
                if (current) {
                    if (await isComplete(current, size, digest)) {
                        this.options.info(`The upload of ${name} had reached GitHub (same size and digest); not sent again`);
                        return current;
                    }
                    await this.deleteAsset(current, `left incomplete (${describeAsset(current)})`);
                }
            }
            return this.upload(file, { temporary, name }, size);
        }, UPLOAD_RETRY_NOTE);
    }
    async upload(file, { temporary, name }, size) {
        const body = (0,external_node_fs_.createReadStream)(file);
        try {
            const response = await this.octokit.rest.repos.uploadReleaseAsset({
                ...this.repo,
                url: this.options.release.uploadUrl,
                name: temporary,
                // A stream, not a string: Octokit passes it through to fetch untouched (see the module comment).
                data: body,
                headers: {
                    'content-type': name.toLowerCase().endsWith('.zip') ? 'application/zip' : 'application/octet-stream',
                    'content-length': String(size),
                },
                // The whole transfer, not each pause in it: a drip cannot outlive it (bound.ts).
                request: { signal: this.deadline.attempt((0,retry/* transferAttemptMs */.hN)(this.options.timeoutMs, size)) },
            });
            const asset = readAsset(response.data);
            // An answer cut off (Octokit reads a broken body as empty) is no answer: the release is checked instead.
            if (asset === undefined)
                throw new CutOffAnswer('the answer to the upload was cut off or unreadable');
            return asset;
        }
        finally {
            body.destroy();
        }
    }
    /** A read, a rename or a delete: idempotent; fails as "Could not <what>[ after N attempts]: <GitHub's words>". */
    withRetries(what, call) {
        return this.retried(what, (attempts) => `Could not ${what}${attempts > 1 ? ` after ${attempts} attempts` : ''}`, call);
    }
    /**
     * Runs `attempt` through the one retry policy (see the module comment), as an idempotent request named `what`.
     * Fails with GitHub's error under `failed(attempts)`, with an ActionError thrown inside an attempt as it is, and
     * once the deadline has passed with the deadline's own error.
     */
    async retried(what, failed, attempt, note) {
        const signal = this.deadline.signal;
        let attempts = 0;
        try {
            const { value } = await (0,retry/* retrying */.R$)({
                policy: this.policy,
                operation: what,
                idempotent: true,
                note,
                log: this.options.warning,
                sleep: this.options.sleep,
                random: this.options.random,
            }, (n) => {
                attempts = n;
                return attempt(n);
            }, githubFailureOf, signal);
            return value;
        }
        catch (error) {
            if (signal.aborted)
                throw signal.reason;
            if (isGithubFailure(error))
                throw githubError(failed(attempts), error);
            throw error;
        }
    }
}
/** Logged with each retry of an upload. */
const UPLOAD_RETRY_NOTE = 'The release is checked before the file is sent again.';
/**
 * What the retry policy reads of one GitHub attempt: nothing for a success or an error that is not GitHub's (a
 * bug, or an ActionError a step inside the attempt made final: it ends the call as it is); an HttpError with a
 * response as its status and Retry-After; one without a response (Octokit's network failure or timeout), or an
 * upload answer cut off, as no answer, worth another attempt.
 */
function githubFailureOf(outcome) {
    if (!('error' in outcome) || !isGithubFailure(outcome.error))
        return undefined;
    const failure = outcome.error;
    if (failure.response === undefined) {
        return { what: `no answer: ${failure.message ?? 'network error'}`, transient: true };
    }
    const id = requestIdOf(failure);
    return {
        what: `HTTP ${failure.status}${id ? `, request ID ${id}` : ''}`,
        status: failure.status,
        retryAfter: failure.response.headers?.['retry-after'],
    };
}
/** Octokit's RequestError (named "HttpError", with a numeric status), or an upload's cut-off answer. */
function isGithubFailure(error) {
    if (error instanceof CutOffAnswer)
        return true;
    return error instanceof Error && error.name === 'HttpError' && typeof error.status === 'number';
}
/** An asset as GitHub describes it, or undefined when `data` does not have the fields used here. */
function readAsset(data) {
    if (typeof data !== 'object' || data === null)
        return undefined;
    const { id, name, state, size, digest, browser_download_url } = data;
    if (typeof id !== 'number' || !Number.isSafeInteger(id))
        return undefined;
    if (typeof name !== 'string' || typeof state !== 'string' || typeof browser_download_url !== 'string') {
        return undefined;
    }
    if (typeof size !== 'number' || !Number.isSafeInteger(size))
        return undefined;
    if (digest !== undefined && digest !== null && typeof digest !== 'string')
        return undefined;
    return { id, name, state, size, digest, browser_download_url };
}
function unreadable(what) {
    throw new errors/* ActionError */.lZ(`Could not ${what}: GitHub's answer does not describe a release asset`, {
        hint: 'check GITHUB_API_URL: it must be the REST API of GitHub or GitHub Enterprise Server',
    });
}
/** The same error with another first part (what failed), its details kept. */
function withMessage(error, message) {
    const { status, code, serviceMessage, requestId, hint, retryable, notSent, cause } = error;
    return new errors/* ActionError */.lZ(message, { status, code, serviceMessage, requestId, hint, retryable, notSent, cause });
}
function describeAsset(asset) {
    return `state ${asset.state}, ${asset.size} bytes`;
}
/**
 * Complete: state `uploaded`, the file's size, and its SHA-256 where GitHub lists a digest (null or absent, as on
 * GitHub Enterprise Server: the size alone decides).
 */
async function isComplete(asset, size, digest) {
    if (asset.state !== 'uploaded' || asset.size !== size)
        return false;
    if (asset.digest === undefined || asset.digest === null)
        return true;
    // Hashed only when GitHub lists a digest, and once per file.
    return asset.digest === `sha256:${await digest()}`;
}
async function sha256(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_.createReadStream)(file))
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
    return new errors/* ActionError */.lZ(what, {
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
