export const id = 660;
export const ids = [660];
export const modules = {

/***/ 5083:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ hintFor)
/* harmony export */ });
/** What commonly causes DLI's and its API gateway's errors, by service error code or HTTP status. */
const PERMISSION_HINT = 'the credentials lack a DLI permission; grant the user or agency `dli:jobs:export` in IAM (e.g. the DLI FullAccess policy) for this project';
/** Known causes, by service error code (APIG. on Open Telekom Cloud, APIGW. on Huawei Cloud) or HTTP status. */
function hintFor(code, status) {
    const gateway = code?.match(/^APIGW?\.(\d{4})$/)?.[1];
    switch (gateway) {
        case '0101':
            return 'the API was not found: check `region`/`endpoint` (DLI must be offered in that region) and the project ID';
        case '0301':
            return 'the gateway rejected the credentials: check access-key/secret-key (and security-token for temporary keys) and that the project ID belongs to this region. Five failed attempts lock an access key for five minutes';
        case '0303':
            return 'the signature or its timestamp was rejected: the runner clock may be more than 15 minutes off, or a proxy altered the request';
        case '0307':
            return 'the token has expired; obtain a new one';
        case '0308':
            return 'requests are being throttled; retry later or space out runs';
        case '0613':
            return 'IAM is temporarily unavailable; retry later';
    }
    switch (code) {
        case 'DLI.0001':
            return 'DLI rejected a parameter: check `obs-dir` (an existing bucket in this region, without `obs://`) and `job-ids`';
        case 'DLI.0002':
            return 'a job ID or the OBS bucket does not exist in this project and region';
        case 'DLI.0011':
            return 'DLI cannot write to the OBS bucket; authorize DLI to access OBS (DLI console → Global Configuration → Service Authorization) and check the bucket policy';
        case 'DLI.0013':
        case 'DLI.0014':
        case 'DLI.0016':
            return PERMISSION_HINT;
        case 'DLI.0999':
            return 'DLI had an internal error; retry later, and quote the request ID to support if it persists';
    }
    if (status === 403)
        return PERMISSION_HINT;
    if (status === 401)
        return 'the request was not authenticated: check the credentials';
    if (status === 429)
        return 'requests are being throttled; retry later';
    if (status !== undefined && status >= 500)
        return 'the service failed; retry later, quoting the request ID if it persists';
    return undefined;
}


/***/ }),

/***/ 8660:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  listAllJobs: () => (/* binding */ listAllJobs),
  listJobDetails: () => (/* binding */ listJobDetails)
});

// UNUSED EXPORTS: LIST_CONCURRENCY, LIST_PERMISSION_HINT, PAGE_SIZE, listRequest, mapWithConcurrency, readDetailResponse, readListResponse

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 14 modules
var schemas = __webpack_require__(5586);
// EXTERNAL MODULE: ./node_modules/zod/v4/core/errors.js
var errors = __webpack_require__(7428);
// EXTERNAL MODULE: ./lib/cloud/hints.js
var cloud_hints = __webpack_require__(5083);
// EXTERNAL MODULE: ./lib/http/errors.js
var http_errors = __webpack_require__(9729);
// EXTERNAL MODULE: ./lib/util/exact-json.js
var exact_json = __webpack_require__(4078);
;// CONCATENATED MODULE: ./lib/dli/response.js
/**
 * Reading DLI's JSON answers, shared by every DLI call: an error status becomes the service error; then the body
 * must be JSON of the expected shape, with `is_success` true. Job IDs in it keep their exact source text.
 */




/** Documented as a String on some pages and a Boolean on others: accept both. */
const isSuccessSchema = schemas/* union */.KCZ([schemas/* boolean */.zMY(), schemas/* enum */.k5n(['true', 'false']).transform((value) => value === 'true')]);
const PERMISSION_CODES = new Set(['DLI.0013', 'DLI.0014', 'DLI.0016']);
/** job_id, and the import's old_job_id and new_job_id: Java Longs, kept as their exact source text. */
const isJobIdKey = (key) => key === 'job_id' || key.endsWith('_job_id');
function readDliJson(response, what, schema, hints = {}) {
    const { requestId } = response;
    if (response.status < 200 || response.status > 299) {
        const hint = (code, status) => {
            if (code !== undefined && hints.codes?.[code])
                return hints.codes[code];
            const permission = status === 403 || (code !== undefined && PERMISSION_CODES.has(code));
            return (permission ? hints.permission : undefined) ?? (0,cloud_hints/* hintFor */.J)(code, status);
        };
        throw (0,http_errors/* serviceError */.cg)(what, response, hint);
    }
    let json;
    try {
        json = (0,exact_json/* parseKeepingNumbers */.jq)(response.body, isJobIdKey);
    }
    catch {
        throw new http_errors/* ActionError */.lZ(`${what}: HTTP ${response.status} with a body that is not JSON`, {
            requestId,
            serviceMessage: (0,http_errors/* parseServiceError */.zU)(response.body).message ?? '(empty body)',
        });
    }
    // DLI's own verdict comes first: a failed answer often lacks the fields a successful one has.
    if (isRecord(json) && (json.is_success === false || json.is_success === 'false')) {
        throw new http_errors/* ActionError */.lZ(`${what}: DLI reported is_success=false`, {
            serviceMessage: typeof json.message === 'string' && json.message !== '' ? json.message : '(no message)',
            requestId,
            hint: hints.notSuccessful,
        });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
        const problems = errors/* prettifyError */.S1(parsed.error).replace(/\s+/g, ' ');
        throw new http_errors/* ActionError */.lZ(`${what}: unexpected response shape (${problems})`, { requestId });
    }
    return parsed.data;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

;// CONCATENATED MODULE: ./lib/dli/list.js
/**
 * The job list call (`GET /v1.0/{project_id}/streaming/jobs`), paged by offset. After the first page gives
 * `total_count`, the remaining pages are fetched with bounded concurrency.
 */


/** The largest page the API allows. */
const PAGE_SIZE = 100;
/** Pages in flight at once: fast for large projects, gentle on the API. */
const LIST_CONCURRENCY = 8;
const jobSchema = schemas/* object */.Ikc({
    /** Read as its exact source text (see readDliJson). */
    job_id: schemas/* string */.YjP().regex(/^\d+$/),
    name: schemas/* string */.YjP(),
    status: schemas/* string */.YjP().optional(),
});
const listSchema = schemas/* object */.Ikc({
    is_success: isSuccessSchema,
    message: schemas/* string */.YjP().optional().default(''),
    job_list: schemas/* object */.Ikc({
        total_count: schemas/* number */.aig().int().nonnegative(),
        jobs: schemas/* array */.YOg(jobSchema).default([]),
    }),
});
/** The list's own permission, for its 403 and its DLI permission codes (not the export's). */
const LIST_PERMISSION_HINT = 'listing jobs (for `job-names` or `list-exported`) needs the `dli:jobs:listAll` permission in this project; grant it to the user or agency in IAM';
function listRequest(endpoint, projectId, offset, detail = false) {
    const url = new URL(`/v1.0/${encodeURIComponent(projectId)}/streaming/jobs`, endpoint);
    const query = { limit: String(PAGE_SIZE), offset: String(offset), order: 'asc' };
    if (detail)
        query.show_detail = 'true';
    url.search = new URLSearchParams(query).toString();
    return {
        operation: 'DLI job list',
        method: 'GET',
        url,
        headers: { 'Content-Type': 'application/json', 'X-Project-Id': projectId },
        idempotent: true,
    };
}
/** Every job of the project (ID, name, status), de-duplicated by ID should jobs shift between pages. */
async function listAllJobs(transport, authorize, endpoint, projectId, concurrency = LIST_CONCURRENCY) {
    // When one page fails, the others stop at once: no attempt in flight, no retry waiting.
    const cancel = new AbortController();
    const fetchPage = async (offset) => readListResponse(await transport.send(listRequest(endpoint, projectId, offset), authorize, { signal: cancel.signal }));
    const first = await fetchPage(0);
    const offsets = [];
    for (let offset = PAGE_SIZE; offset < first.total; offset += PAGE_SIZE)
        offsets.push(offset);
    const pages = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);
    const jobs = new Map();
    for (const page of [first, ...pages])
        for (const job of page.jobs)
            if (!jobs.has(job.id))
                jobs.set(job.id, job);
    return [...jobs.values()];
}
function readListResponse(response) {
    const data = readDliJson(response, 'DLI job list failed', listSchema, {
        permission: LIST_PERMISSION_HINT,
    });
    return {
        total: data.job_list.total_count,
        jobs: data.job_list.jobs.map((job) => ({ id: job.job_id, name: job.name, status: job.status })),
    };
}
/**
 * Runs `task` over `items` with at most `limit` in flight; results in input order; the first failure wins, and
 * aborts `cancel` so that the tasks still running can stop.
 */
async function mapWithConcurrency(items, limit, task, cancel) {
    const results = new Array(items.length);
    let next = 0;
    let failed = false;
    const worker = async () => {
        while (next < items.length && !failed) {
            const index = next++;
            try {
                results[index] = await task(items[index]);
            }
            catch (error) {
                if (!failed)
                    cancel?.abort(error);
                failed = true; // stop the other workers from starting more
                throw error;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}
const list_text = () => schemas/* string */.YjP().nullish();
const detailSchema = schemas/* object */.Ikc({
    job_id: schemas/* string */.YjP().regex(/^\d+$/),
    name: schemas/* string */.YjP(),
    status: list_text(),
    desc: list_text(),
    job_type: list_text(),
    queue_name: list_text(),
    run_mode: list_text(),
    sql_body: list_text(),
    main_class: list_text(),
    entrypoint_args: list_text(),
    edge_group_ids: schemas/* array */.YOg(schemas/* string */.YjP()).nullish(),
    tags: schemas/* array */.YOg(schemas/* object */.Ikc({ key: schemas/* string */.YjP(), value: schemas/* string */.YjP() })).nullish(),
    job_config: schemas/* record */.g1P(schemas/* string */.YjP(), schemas/* unknown */.L5J()).nullish(),
});
const detailListSchema = schemas/* object */.Ikc({
    is_success: isSuccessSchema,
    message: schemas/* string */.YjP().optional().default(''),
    job_list: schemas/* object */.Ikc({
        total_count: schemas/* number */.aig().int().nonnegative(),
        jobs: schemas/* array */.YOg(detailSchema).default([]),
    }),
});
function readDetailResponse(response, offset) {
    const data = readDliJson(response, 'DLI job list (show_detail=true) failed', detailListSchema, {
        permission: LIST_PERMISSION_HINT.replace('(for `job-names` or `list-exported`)', '(snapshot)'),
    });
    const some = (value) => value ?? undefined;
    return {
        offset,
        total: data.job_list.total_count,
        jobs: data.job_list.jobs.map((job) => ({
            id: job.job_id,
            name: job.name,
            status: some(job.status),
            desc: some(job.desc),
            jobType: some(job.job_type),
            queueName: some(job.queue_name),
            runMode: some(job.run_mode),
            sqlBody: some(job.sql_body),
            mainClass: some(job.main_class),
            entrypointArgs: some(job.entrypoint_args),
            edgeGroupIds: some(job.edge_group_ids),
            tags: some(job.tags),
            jobConfig: some(job.job_config),
        })),
    };
}
/**
 * Every job with its details, page by page: `onPage` gets each page as it arrives (the first, then the others,
 * `concurrency` at a time, in any order), so a caller never needs to hold every job. Read-only: each page is retried
 * as any read is. The first failure (a page or `onPage`) stops the others and is thrown.
 */
async function listJobDetails(transport, authorize, endpoint, projectId, onPage, concurrency = LIST_CONCURRENCY) {
    const cancel = new AbortController();
    const fetchPage = async (offset) => {
        const response = await transport.send(listRequest(endpoint, projectId, offset, true), authorize, {
            signal: cancel.signal,
        });
        const page = readDetailResponse(response, offset);
        await onPage(page);
        return page.total;
    };
    const total = await fetchPage(0);
    const offsets = [];
    for (let offset = PAGE_SIZE; offset < total; offset += PAGE_SIZE)
        offsets.push(offset);
    const totals = await mapWithConcurrency(offsets, concurrency, fetchPage, cancel);
    return { total, pages: offsets.length + 1, sameTotal: totals.every((other) => other === total) };
}


/***/ })

};
