// IndexedDB for repo tests in Node (fake-indexeddb); a no-op where a real one exists.
import 'fake-indexeddb/auto';
