import { describeCatalogue } from "./describe-catalogue.js";
import { coreBehaviourNotes, coreErrorCases } from "./errors-cases.js";

describeCatalogue("@tsgrad/core", coreErrorCases, coreBehaviourNotes);
