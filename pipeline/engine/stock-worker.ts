// The thread that takes stock of a recycled build folder (build-stock.ts),
// named by its workerData: answers once, with the stock or the problem, and ends.
import {parentPort, workerData} from 'node:worker_threads'
import {takeStock} from './build-stock.js'

try {
  parentPort!.postMessage({stock: takeStock(workerData as string)})
} catch (problem) {
  // What the system refused, as it said it (a copied error keeps only its message): press says it as the system's, not as its own fault.
  const {message, code, syscall, path, errno} = problem as NodeJS.ErrnoException
  parentPort!.postMessage({problem: {message: String(message), code, syscall, path, errno}})
}
