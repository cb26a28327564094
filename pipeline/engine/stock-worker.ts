// The thread that takes stock of a recycled build folder (build-stock.ts),
// named by its workerData: answers once, with the stock or the problem, and ends.
import {parentPort, workerData} from 'node:worker_threads'
import {takeStock} from './build-stock.js'

try {
  parentPort!.postMessage({stock: takeStock(workerData as string)})
} catch (problem) {
  parentPort!.postMessage({problem})
}
